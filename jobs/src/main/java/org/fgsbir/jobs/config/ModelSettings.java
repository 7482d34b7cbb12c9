package org.fgsbir.jobs.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.fgsbir.core.embed.EmbedderProvider;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;

/** Turns the {@code model.*} settings into a {@link ModelSpec}, checked on the driver. */
public final class ModelSettings {
  private ModelSettings() {}

  /** The engine whose spec is fixed by the code ({@link BaselineEmbedder#spec()}). */
  public static final String BASELINE = "baseline";

  /** Settings that become the spec's engine options, under their name without {@code model.}. */
  private static final List<Setting<?>> ENGINE_OPTIONS = List.of(
      Settings.MODEL_TF_TAGS, Settings.MODEL_TF_SIGNATURE_PHOTO, Settings.MODEL_TF_SIGNATURE_SKETCH,
      Settings.MODEL_TF_INPUT_PHOTO, Settings.MODEL_TF_OUTPUT_PHOTO, Settings.MODEL_TF_INPUT_SKETCH,
      Settings.MODEL_TF_OUTPUT_SKETCH, Settings.MODEL_TF_INTRA_OP_THREADS, Settings.MODEL_TF_INTER_OP_THREADS,
      Settings.MODEL_DJL_ENGINE, Settings.MODEL_DJL_PHOTO_FILE, Settings.MODEL_DJL_SKETCH_FILE,
      Settings.MODEL_DJL_THREADS);

  private static final List<Setting<?>> ENGINE_SPECIFIC = Stream.concat(Stream.of(
      Settings.MODEL_URI, Settings.MODEL_VERSION, Settings.MODEL_DIMENSION, Settings.MODEL_PHOTO_SIZE,
      Settings.MODEL_PHOTO_NORMALISATION, Settings.MODEL_SKETCH_SIZE, Settings.MODEL_SKETCH_PRESET),
      ENGINE_OPTIONS.stream()).toList();

  /**
   * The model the settings describe.
   *
   * @throws ConfigException for an engine that is not on the classpath, a baseline with settings it
   *     does not take, or another engine with settings missing or inconsistent
   */
  public static ModelSpec spec(Config config) {
    ModelSpec spec = modelOnly(config);
    // The pixel limit guards the executors, whatever the model: it is an embed setting, not a model one.
    return spec.withPhoto(spec.photo().withMaxPixels(config.get(Settings.EMBED_MAX_PIXELS)));
  }

  /**
   * The baseline embedder's spec whatever the other {@code model.*} settings say: the reference that
   * {@code fgsbir demo} reports beside a learned model (and runs alone with {@code --model baseline}).
   */
  public static ModelSpec baseline(Config config) {
    ModelSpec spec = BaselineEmbedder.spec();
    return spec.withPhoto(spec.photo().withMaxPixels(config.get(Settings.EMBED_MAX_PIXELS)));
  }

  private static ModelSpec modelOnly(Config config) {
    String engine = config.get(Settings.MODEL_ENGINE);
    if (engine == null) {
      throw new ConfigException("model.engine is empty (from " + config.origin(Settings.MODEL_ENGINE)
          + "); set it to " + BASELINE + " or another registered engine: " + availableEngines() + ".");
    }
    if (engine.equals(BASELINE)) {
      for (Setting<?> setting : ENGINE_SPECIFIC) {
        if (isSet(config, setting)) {
          throw new ConfigException(setting.name() + " = '" + config.raw(setting) + "' (from "
              + config.origin(setting) + ") does not apply: the baseline engine fixes its own model; "
              + "remove the setting or choose another model.engine.");
        }
      }
      return BaselineEmbedder.spec();
    }
    List<String> engines = availableEngines();
    if (!engines.contains(engine)) {
      throw new ConfigException("Unknown model.engine '" + engine + "' (from " + config.origin(Settings.MODEL_ENGINE)
          + "); engines on the classpath: " + String.join(", ", engines) + ".");
    }
    String purpose = "model.engine " + engine;
    String uri = config.require(Settings.MODEL_URI, purpose, "pass --model-uri URI");
    String version = config.require(Settings.MODEL_VERSION, purpose, "pass --set model.version=V");
    int dimension = config.require(Settings.MODEL_DIMENSION, purpose, "pass --set model.dimension=N");
    Integer photoSize = config.get(Settings.MODEL_PHOTO_SIZE);
    PhotoOptions photo = "unit".equals(config.get(Settings.MODEL_PHOTO_NORMALISATION))
        ? PhotoOptions.defaults() : PhotoOptions.imagenet();
    if (photoSize != null) {
      photo = new PhotoOptions(photoSize, photo.fit(), photo.mean(), photo.std(), photo.edgeMap(), photo.maxPixels());
    }
    RasterOptions sketch = "reference-code".equals(config.get(Settings.MODEL_SKETCH_PRESET))
        ? RasterOptions.referenceCode() : RasterOptions.defaults();
    Integer sketchSize = config.get(Settings.MODEL_SKETCH_SIZE);
    if (sketchSize != null) {
      sketch = sketch.scaledTo(sketchSize); // as the trainer rasterises at its size
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (Setting<?> setting : ENGINE_OPTIONS) {
      if (isSet(config, setting)) {
        options.put(setting.name().substring("model.".length()), String.valueOf(config.get(setting)));
      }
    }
    try {
      return new ModelSpec(engine, uri, version, dimension, photo, sketch, options);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("The model.* settings do not make a valid model: " + e.getMessage() + ".", e);
    }
  }

  private static boolean isSet(Config config, Setting<?> setting) {
    Object value = config.get(setting);
    return value != null && !"".equals(value);
  }

  /** Engines registered through {@code META-INF/services/org.fgsbir.core.embed.EmbedderProvider}. */
  public static List<String> availableEngines() {
    List<String> engines = new ArrayList<>();
    for (EmbedderProvider provider : ServiceLoader.load(EmbedderProvider.class, ModelSettings.class.getClassLoader())) {
      engines.add(provider.engine());
    }
    return engines;
  }
}
