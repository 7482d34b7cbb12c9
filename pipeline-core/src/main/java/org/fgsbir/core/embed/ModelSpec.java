package org.fgsbir.core.embed;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;

/**
 * Everything needed to open a model on any machine and feed it correctly: which engine, where the
 * model lives, its version and dimension, and how photos and sketches are preprocessed for it. Plain
 * serialisable values, so a driver can resolve it once and ship it to executors.
 *
 * @param engine engine name, e.g. {@code baseline}
 * @param uri model location (null for engines that need no file, such as the baseline)
 * @param version model version written beside every vector
 * @param dimension embedding dimension
 * @param photo photo preprocessing for the photo branch
 * @param sketch rasterisation for the sketch branch
 * @param options engine-specific settings as plain strings (e.g. signature and tensor names of a
 *     TensorFlow SavedModel), keys namespaced by engine; empty for engines that take none
 */
public record ModelSpec(
    String engine, String uri, String version, int dimension, PhotoOptions photo, RasterOptions sketch,
    Map<String, String> options)
    implements Serializable {

  /** A spec without engine-specific options. */
  public ModelSpec(String engine, String uri, String version, int dimension, PhotoOptions photo,
      RasterOptions sketch) {
    this(engine, uri, version, dimension, photo, sketch, Map.of());
  }

  /** Validates the values and copies the options (an immutable, serialisable map). */
  public ModelSpec {
    if (engine == null || engine.isBlank()) {
      throw new IllegalArgumentException("model engine is required");
    }
    if (version == null || !version.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "model version '" + version + "' must be non-empty and use only letters, digits, '.', '_' or '-'");
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("model dimension must be >= 1 but was " + dimension);
    }
    Objects.requireNonNull(photo, "photo options");
    Objects.requireNonNull(sketch, "sketch raster options");
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /**
   * The engine-specific option {@code key}, or {@code fallback} when the spec does not set it.
   *
   * @param key option name, e.g. {@code tf.signature.photo}
   * @param fallback value used when the option is absent
   */
  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  /** A copy of this spec with {@code options} instead of its own. */
  public ModelSpec withOptions(Map<String, String> newOptions) {
    return new ModelSpec(engine, uri, version, dimension, photo, sketch, newOptions);
  }

  /** A copy with other photo preprocessing (e.g. another pixel-count limit). */
  public ModelSpec withPhoto(PhotoOptions newPhoto) {
    return new ModelSpec(engine, uri, version, dimension, newPhoto, sketch, options);
  }
}
