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

  @Test
  void tensorflowSettingsBecomeTheSpecsEngineOptions() {
    var spec = ModelSettings.spec(config("model.engine", "tensorflow", "model.uri", "/models/m1",
        "model.version", "m1", "model.dimension", "64", "model.tf.signature.photo", "serving_photo",
        "model.tf.threads.intra-op", "2"));
    assertThat(spec.options()).containsExactlyInAnyOrderEntriesOf(
        Map.of("tf.signature.photo", "serving_photo", "tf.threads.intra-op", "2"));
    assertThatThrownBy(() -> ModelSettings.spec(config("model.tf.signature.sketch", "s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.tf.signature.sketch = 's'")
        .hasMessageContaining("baseline");
  }

  @Test
  void djlSettingsBecomeTheSpecsEngineOptions() {
    var spec = ModelSettings.spec(config("model.engine", "djl", "model.uri", "/models/torch1",
        "model.version", "t1", "model.dimension", "256", "model.djl.engine", "OnnxRuntime",
        "model.djl.photo-file", "photo_branch.onnx", "model.djl.threads", "2"));
    assertThat(spec.engine()).isEqualTo("djl");
    assertThat(spec.options()).containsExactlyInAnyOrderEntriesOf(Map.of("djl.engine", "OnnxRuntime",
        "djl.photo-file", "photo_branch.onnx", "djl.threads", "2"));
    assertThatThrownBy(() -> ModelSettings.spec(config("model.engine", "djl", "model.uri", "/m",
        "model.version", "t1", "model.dimension", "8", "model.djl.engine", "TensorRT")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.djl.engine")
        .hasMessageContaining("TensorRT");
  }
}
