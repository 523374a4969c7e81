/**
 * Hand-written fakes of the ports in {@code dev.connectha.ports}, kept in memory, for every
 * module's unit tests (shared's test-jar). Each fake writes every call it answers to the journal
 * (a {@code List<String>}) it is given, as {@code "<fake>.<call> <subject>"}, so that a test can
 * say what was read and, above all, that nothing was changed; the fakes of ports that change the
 * world prefix those calls {@code "change "} (target registrations, listener rules, Auto Scaling,
 * alarms) or also write them to a second journal of mutations (restores).
 */
package dev.connectha.fakes;
