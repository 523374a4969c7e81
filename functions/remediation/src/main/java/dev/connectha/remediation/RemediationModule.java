package dev.connectha.remediation;

import dagger.BindsOptionalOf;
import dagger.Module;
import dev.connectha.ports.Incidents;

/**
 * The incident table as an optional binding: its DynamoDB adapter is bound beside the other
 * adapters ({@code AdaptersModule}); {@link IncidentAssessor} refuses to start without it.
 */
@Module
public interface RemediationModule {
  @BindsOptionalOf
  Incidents incidents();
}
