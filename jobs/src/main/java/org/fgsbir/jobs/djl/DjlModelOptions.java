package org.fgsbir.jobs.djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.ModelSpec;

/**
 * The DJL engine's options, read from {@link ModelSpec#options()}: which DJL engine runs the model, the
 * file of each branch inside the model folder ({@link ModelSpec#uri()}), and the threads per model.
 * Without options a folder holding {@code photo.pt} + {@code sketch.pt} (TorchScript) or
 * {@code photo.onnx} + {@code sketch.onnx} loads as it is.
 *
 * @param engine DJL engine name, {@value #PYTORCH} or {@value #ONNX_RUNTIME}
 * @param photoFile the photo branch's model file
 * @param sketchFile the sketch branch's model file
 * @param threads intra- and inter-op threads (PyTorch: per JVM, fixed when its engine starts; ONNX
 *     Runtime: per loaded model)
 */
public record DjlModelOptions(String engine, Path photoFile, Path sketchFile, int threads) {

  /** DJL's name of the PyTorch (TorchScript) engine. */
  public static final String PYTORCH = "PyTorch";
  /** DJL's name of the ONNX Runtime engine. */
  public static final String ONNX_RUNTIME = "OnnxRuntime";

  /** Option key: DJL engine (default: from the model files' extension). */
  public static final String ENGINE = "djl.engine";
  /** Option key: photo branch file in the model folder (default {@code photo.pt} or {@code photo.onnx}). */
  public static final String PHOTO_FILE = "djl.photo-file";
  /** Option key: sketch branch file in the model folder (default {@code sketch.pt} or {@code sketch.onnx}). */
  public static final String SKETCH_FILE = "djl.sketch-file";
  /** Option key: threads per model (default 1, one per Spark task slot). */
  public static final String THREADS = "djl.threads";

  private static final Set<String> KEYS = Set.of(ENGINE, PHOTO_FILE, SKETCH_FILE, THREADS);

  /**
   * Reads the options of {@code spec} and finds the model files in its folder.
   *
   * @throws IllegalArgumentException for an unknown {@code djl.*} key, an unknown engine, a bad thread
   *     count, a missing folder or file, or a folder from which the engine cannot be told; the message
   *     names the values found and the option that fixes it
   */
  public static DjlModelOptions of(ModelSpec spec) {
    Map<String, String> options = spec.options();
    List<String> unknown = options.keySet().stream()
        .filter(k -> k.startsWith("djl.") && !KEYS.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown DJL model option(s) " + unknown + "; known: "
          + KEYS.stream().sorted().toList() + ". Fix the option names in the model spec.");
    }
    String uri = spec.uri();
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("The DJL model spec has no uri; set model.uri to the folder holding"
          + " photo.pt + sketch.pt (TorchScript) or photo.onnx + sketch.onnx.");
    }
    Path dir = Path.of(uri.startsWith("file:") ? java.net.URI.create(uri).getPath() : uri);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Cannot load DJL model " + uri + ": not a local folder; set model.uri to"
          + " the folder holding photo.pt + sketch.pt (TorchScript) or photo.onnx + sketch.onnx.");
    }
    String photoOption = spec.option(PHOTO_FILE, "");
    String sketchOption = spec.option(SKETCH_FILE, "");
    String engine = spec.option(ENGINE, "");
    if (engine.isEmpty()) {
      engine = engineOf(dir, photoOption.isEmpty() ? sketchOption : photoOption);
    } else if (!engine.equals(PYTORCH) && !engine.equals(ONNX_RUNTIME)) {
      throw new IllegalArgumentException("Model option " + ENGINE + " = '" + engine + "' is not a DJL engine this"
          + " project ships; use " + PYTORCH + " (TorchScript .pt) or " + ONNX_RUNTIME + " (.onnx).");
    }
    String extension = engine.equals(PYTORCH) ? ".pt" : ".onnx";
    Path photo = file(dir, photoOption.isEmpty() ? "photo" + extension : photoOption, PHOTO_FILE);
    Path sketch = file(dir, sketchOption.isEmpty() ? "sketch" + extension : sketchOption, SKETCH_FILE);
    return new DjlModelOptions(engine, photo, sketch, threads(spec));
  }

  /** The model file of {@code branch}. */
  public Path file(Branch branch) {
    return branch == Branch.PHOTO ? photoFile : sketchFile;
  }

  private static String engineOf(Path dir, String configuredFile) {
    if (!configuredFile.isEmpty()) {
      String name = configuredFile.toLowerCase(Locale.ROOT);
      if (name.endsWith(".onnx")) {
        return ONNX_RUNTIME;
      }
      if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript")) {
        return PYTORCH;
      }
      throw new IllegalArgumentException("Cannot tell the DJL engine of model file '" + configuredFile
          + "' from its extension (.pt, .pth, .torchscript or .onnx expected); set model option " + ENGINE + " to "
          + PYTORCH + " or " + ONNX_RUNTIME + ".");
    }
    boolean torch = Files.isRegularFile(dir.resolve("photo.pt"));
    boolean onnx = Files.isRegularFile(dir.resolve("photo.onnx"));
    if (torch && onnx) {
      throw new IllegalArgumentException("DJL model folder " + dir + " holds both photo.pt and photo.onnx; set model"
          + " option " + ENGINE + " to " + PYTORCH + " or " + ONNX_RUNTIME + " to choose.");
    }
    if (!torch && !onnx) {
      throw new IllegalArgumentException("DJL model folder " + dir + " holds neither photo.pt nor photo.onnx (it"
          + " has " + listing(dir) + "); export the branches as photo.pt + sketch.pt (TorchScript) or photo.onnx +"
          + " sketch.onnx, or name the files with model options " + PHOTO_FILE + " and " + SKETCH_FILE + ".");
    }
    return torch ? PYTORCH : ONNX_RUNTIME;
  }

  private static Path file(Path dir, String name, String key) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("DJL model file " + file + " does not exist (the folder has "
          + listing(dir) + "); export it there or set model option " + key + " to the right file name.");
    }
    return file.toAbsolutePath().normalize();
  }

  private static List<String> listing(Path dir) {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.limit(20).forEach(p -> names.add(p.getFileName().toString()));
    } catch (java.io.IOException e) {
      names.add("<unreadable: " + e.getMessage() + ">");
    }
    names.sort(null);
    return names;
  }

  private static int threads(ModelSpec spec) {
    String raw = spec.option(THREADS, "1");
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Model option " + THREADS + " = '" + raw + "' is not a thread count; use a"
        + " number from 1 to 1024.");
  }
}
