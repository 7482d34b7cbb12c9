package org.fgsbir.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

  private static Config config(String... keyValues) {
    Map<String, Layer.Entry> entries = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], new Layer.Entry(keyValues[i + 1], "--set " + keyValues[i]));
    }
    return ConfigLoader.resolve(List.of(new Layer("cli", entries)), "/h");
  }

  @Test
  void baselineIsTheDefaultAndUsesItsOwnSpec() {
    assertThat(ModelSettings.spec(config())).isEqualTo(BaselineEmbedder.spec());
  }

  @Test
  void baselineRefusesSettingsItDoesNotTake() {
    assertThatThrownBy(() -> ModelSettings.spec(config("model.dimension", "128")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dimension = '128' (from --set model.dimension)")
        .hasMessageContaining("baseline");
  }

  @Test
  void unknownEngineListsTheEnginesOnTheClasspath() {
    assertThatThrownBy(() -> ModelSettings.spec(config("model.engine", "onnx")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Unknown model.engine 'onnx' (from --set model.engine); engines on the classpath: ")
        .hasMessageContaining(String.join(", ", ModelSettings.availableEngines()));
  }

  @Test
  void embedMaxPixelsLimitsPhotosOfAnyModel() {
    assertThat(ModelSettings.spec(config("embed.max-pixels", "1000")).photo().maxPixels()).isEqualTo(1000L);
    assertThat(ModelSettings.spec(config("embed.max-pixels", "1000")).photo().size())
        .isEqualTo(BaselineEmbedder.spec().photo().size());
    assertThatThrownBy(() -> ModelSettings.spec(config("embed.max-pixels", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embed.max-pixels");
  }
}
