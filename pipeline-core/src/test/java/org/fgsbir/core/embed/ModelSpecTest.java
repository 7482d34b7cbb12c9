package org.fgsbir.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void engineOptionsAreCopiedReadWithAFallbackAndTravelWithTheSpec() throws Exception {
    Map<String, String> options = new HashMap<>(Map.of("tf.signature.photo", "serving_photo"));
    ModelSpec spec = new ModelSpec("tensorflow", "/m", "v1", 64, PhotoOptions.defaults(), RasterOptions.defaults(),
        options);
    options.put("tf.signature.sketch", "changed later");

    assertThat(spec.options()).containsExactly(Map.entry("tf.signature.photo", "serving_photo"));
    assertThat(spec.option("tf.signature.photo", "embed_photo")).isEqualTo("serving_photo");
    assertThat(spec.option("tf.signature.sketch", "embed_sketch")).isEqualTo("embed_sketch");
    assertThatThrownBy(() -> spec.options().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(new ModelSpec("baseline", null, "v1", 8, PhotoOptions.defaults(), RasterOptions.defaults()).options())
        .isEmpty();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(spec);
    }
    assertThat(spec.withOptions(Map.of()).options()).isEmpty();
    ModelSpec limited = spec.withPhoto(spec.photo().withMaxPixels(1000));
    assertThat(limited.photo().maxPixels()).isEqualTo(1000);
    assertThat(limited.options()).isEqualTo(spec.options());
  }
}
