package dev.connectha.backup;

import dagger.BindsInstance;
import dagger.Component;
import dev.connectha.aws.AdaptersModule;
import dev.connectha.config.ClockModule;
import dev.connectha.config.Config;
import javax.inject.Singleton;

/** The backup functions' object graph, built once per Lambda environment. */
@Singleton
@Component(modules = {AdaptersModule.class, ClockModule.class})
public interface BackupComponent {
  BackupSetService backupSets();

  RestoreService restores();

  static BackupComponent create(Config config) {
    return DaggerBackupComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    BackupComponent create(@BindsInstance Config config);
  }
}
