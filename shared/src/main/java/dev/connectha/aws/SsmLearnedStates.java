package dev.connectha.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.connectha.config.Config;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import dev.connectha.model.ClusterName;
import dev.connectha.model.LearnedState;
import dev.connectha.ports.LearnedStates;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Learned records at {@code <learned prefix><name>} (JSON, String parameter), created by the control
 * plane when it first learns something: no stack resource owns them, so a redeploy leaves them be.
 * SSM keeps each parameter's last 100 values, the record's history.
 */
public final class SsmLearnedStates implements LearnedStates {
  private final SsmJsonParameters parameters;
  private final String prefix;

  @Inject
  public SsmLearnedStates(SsmClient ssm, Config config) {
    this.parameters = new SsmJsonParameters(ssm);
    this.prefix = config.learnedPrefix();
  }

  @Override
  public Optional<LearnedState> find(String cluster) {
    String parameter = prefix + ClusterName.require(cluster);
    return parameters.read(parameter).map(json -> {
      try {
        LearnedState state = Json.MAPPER.readValue(json, LearnedState.class);
        if (!cluster.equals(state.cluster())) {
          throw new PreconditionFailedException(parameter + " is the learned record of '" + state.cluster()
              + "', not of '" + cluster + "'");
        }
        return state;
      } catch (JsonProcessingException e) {
        throw new PreconditionFailedException("learned record " + parameter + " is not valid: " + e.getOriginalMessage(), e);
      }
    });
  }

  @Override
  public LearnedState save(LearnedState state) {
    parameters.writeMerged(prefix + ClusterName.require(state.cluster()), state);
    return state;
  }
}
