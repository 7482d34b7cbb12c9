package org.fgsbir.core.samples;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fgsbir.core.sketch.Sketch;

/**
 * Generates the project's own small fine-grained sample catalogue: parametric shoes and chairs whose
 * instances come in families of near-identical objects that differ only in details, one product-style
 * photo per instance and a few human-like free-hand sketches of it (drawn coarse to fine, with timing).
 * Everything is derived from (seed, category, index), so instance {@code i} is the same bytes whatever
 * the number of instances generated. The output layout is:
 *
 * <pre>
 * OUT/catalogue/photos/&lt;category&gt;/&lt;photo_id&gt;.png   256 x 256 RGB PNG
 * OUT/catalogue/manifest.csv                          photo_id,category,split,path (path relative to catalogue/)
 * OUT/sketches/sketches.ndjson                        Quick, Draw! raw, plus photo_id and split
 * </pre>
 *
 * <p>Rows are sorted by category ({@code chair}, then {@code shoe}) and index; sketch lines follow
 * their photos. Run {@code main} with {@code --help} for the command line.
 */
public final class SampleCatalogueGenerator {
  /** The default seed, also used for the committed {@code data-samples/}. */
  public static final long DEFAULT_SEED = 20261128L;
  /** The default number of instances per category. */
  public static final int DEFAULT_INSTANCES_PER_CATEGORY = 100;
  /** The header of {@code manifest.csv}. */
  public static final String MANIFEST_HEADER = "photo_id,category,split,path";
  /** The manifest's path relative to the output folder. */
  public static final String MANIFEST_PATH = "catalogue/manifest.csv";
  /** The sketches' path relative to the output folder. */
  public static final String SKETCHES_PATH = "sketches/sketches.ndjson";
  /** The photos' folder relative to the output folder. */
  public static final String PHOTOS_DIR = "catalogue/photos";

  /** Number of design families per category; instances of a family are near-identical. */
  static final int FAMILIES = 12;
  private static final int SPLIT_BLOCK = 10;
  private static final int TEST_PER_BLOCK = 3;
  private static final Instant EPOCH = Instant.parse("2026-11-28T09:00:00Z");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSS 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SampleCatalogueGenerator() {}

  /**
   * What to generate.
   *
   * @param seed master seed
   * @param instancesPerCategory instances (photos) per category, at least 1
   * @param minSketchesPerInstance fewest sketches per instance, at least 1
   * @param maxSketchesPerInstance most sketches per instance, at least {@code minSketchesPerInstance}
   * @param threads worker threads for rendering, at least 1 (the output does not depend on it)
   */
  public record Settings(long seed, int instancesPerCategory, int minSketchesPerInstance,
      int maxSketchesPerInstance, int threads) {

    /** Validates the values. */
    public Settings {
      if (instancesPerCategory < 1 || instancesPerCategory > 99_999) {
        throw new IllegalArgumentException("instances per category must be in 1..99999 but was "
            + instancesPerCategory);
      }
      if (minSketchesPerInstance < 1 || maxSketchesPerInstance < minSketchesPerInstance
          || maxSketchesPerInstance > 20) {
        throw new IllegalArgumentException("sketches per instance must be MIN-MAX with 1 <= MIN <= MAX <= 20 but was "
            + minSketchesPerInstance + "-" + maxSketchesPerInstance);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
      }
    }

    /** The defaults: seed {@value #DEFAULT_SEED}, 100 instances per category, 2-3 sketches each. */
    public static Settings defaults() {
      return new Settings(DEFAULT_SEED, DEFAULT_INSTANCES_PER_CATEGORY, 2, 3,
          Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    /** These settings with another seed. */
    public Settings withSeed(long newSeed) {
      return new Settings(newSeed, instancesPerCategory, minSketchesPerInstance, maxSketchesPerInstance, threads);
    }

    /** These settings with another instance count per category. */
    public Settings withInstancesPerCategory(int count) {
      return new Settings(seed, count, minSketchesPerInstance, maxSketchesPerInstance, threads);
    }

    /** These settings with another range of sketches per instance. */
    public Settings withSketchesPerInstance(int min, int max) {
      return new Settings(seed, instancesPerCategory, min, max, threads);
    }

    /** These settings with another number of worker threads. */
    public Settings withThreads(int count) {
      return new Settings(seed, instancesPerCategory, minSketchesPerInstance, maxSketchesPerInstance, count);
    }
  }

  /**
   * What {@link #generate} wrote.
   *
   * @param out the output folder
   * @param photos photos written
   * @param sketches sketches written
   * @param photosPerCategory photos per category word, in output order
   * @param testPhotosPerCategory photos in the test split per category word
   * @param staleFilesRemoved photos of an earlier, larger run that were deleted
   */
  public record Summary(Path out, int photos, int sketches, Map<String, Integer> photosPerCategory,
      Map<String, Integer> testPhotosPerCategory, int staleFilesRemoved) {

    /** Copies the maps. */
    public Summary {
      photosPerCategory = Collections.unmodifiableMap(new LinkedHashMap<>(photosPerCategory));
      testPhotosPerCategory = Collections.unmodifiableMap(new LinkedHashMap<>(testPhotosPerCategory));
    }
  }

  /** The photo id of instance {@code index} (1-based), e.g. {@code shoe-0001}. */
  public static String photoId(SampleCategory category, int index) {
    return String.format(Locale.ROOT, "%s-%04d", category.word(), index);
  }

  /**
   * The split of instance {@code index} (1-based): instances come in blocks of 10 of which a seeded
   * choice of 3 is {@code test}, so every category is 70/30 (exactly, for multiples of 10).
   */
  public static String splitOf(SampleCategory category, int index, long seed) {
    int block = (index - 1) / SPLIT_BLOCK;
    int slot = (index - 1) % SPLIT_BLOCK;
    Rng rng = Rng.forKey(seed, category.word(), "split-block", Integer.toString(block));
    int[] order = new int[SPLIT_BLOCK];
    for (int i = 0; i < SPLIT_BLOCK; i++) {
      order[i] = i;
    }
    for (int i = 0; i < TEST_PER_BLOCK; i++) {
      int j = rng.between(i, SPLIT_BLOCK - 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < TEST_PER_BLOCK; i++) {
      if (order[i] == slot) {
        return "test";
      }
    }
    return "train";
  }

  /**
   * Generates one instance in memory: photo, sketches and the text lines written for it. Depends only
   * on the settings' seed and sketch range, the category and the index.
   *
   * @param index 1-based instance index
   */
  public static GeneratedInstance generateInstance(SampleCategory category, int index, Settings settings) {
    if (index < 1) {
      throw new IllegalArgumentException("instance index must be at least 1 but was " + index);
    }
    long seed = settings.seed();
    String word = category.word();
    Rng inst = Rng.forKey(seed, word, "instance", Integer.toString(index));
    int family = inst.fork("family").between(0, FAMILIES - 1);
    Rng fam = Rng.forKey(seed, word, "family", Integer.toString(family));
    Variation v = new Variation(fam.fork("design"), inst.fork("design"));
    Figure figure = category == SampleCategory.SHOE
        ? ShoeModel.build(ShoeModel.design(v), inst.fork("build"))
        : ChairModel.build(ChairModel.design(v), inst.fork("build"));
    BufferedImage photo = PhotoRenderer.render(figure, inst.fork("photo"));
    byte[] png = PhotoRenderer.encodePng(photo);

    String photoId = photoId(category, index);
    String split = splitOf(category, index, seed);
    List<SketchSynthesizer.CleanStroke> clean = SketchSynthesizer.cleanStrokes(figure);
    int count = inst.fork("sketch-count").between(settings.minSketchesPerInstance(),
        settings.maxSketchesPerInstance());
    List<Sketch> sketches = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      Rng sr = inst.fork("sketch", k);
      Sketch s = SketchSynthesizer.synthesize(clean, sr, photoId + "_" + k, word, photoId, split);
      sketches.add(s);
      Rng tr = sr.fork("timestamp");
      long millis = (long) (tr.uniform() * 30L * 24 * 3600 * 1000);
      String stamp = TIMESTAMP.format(EPOCH.plusMillis(millis).plusNanos(tr.between(0, 99) * 10_000L));
      lines.add(QuickDrawRawWriter.line(s, stamp));
    }
    return new GeneratedInstance(category, index, photoId, split, png, sketches, lines);
  }

  /**
   * Generates the catalogue into {@code out} (created if needed): photos, manifest and sketches.
   * Existing output files are overwritten; photos of an earlier run with more instances are removed.
   * Output is streamed, so large catalogues (thousands of instances) need little memory.
   *
   * @throws IOException if a file cannot be written
   */
  public static Summary generate(Path out, Settings settings) throws IOException {
    Path catalogue = out.resolve("catalogue");
    Path manifest = out.resolve(MANIFEST_PATH);
    Path sketchesFile = out.resolve(SKETCHES_PATH);
    Files.createDirectories(manifest.getParent());
    Files.createDirectories(sketchesFile.getParent());
    Map<String, Integer> perCategory = new LinkedHashMap<>();
    Map<String, Integer> testPerCategory = new LinkedHashMap<>();
    int photos = 0;
    int sketches = 0;
    int stale = 0;
    ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "sample-generator");
      t.setDaemon(true);
      return t;
    });
    try (BufferedWriter mf = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8);
        BufferedWriter sk = Files.newBufferedWriter(sketchesFile, StandardCharsets.UTF_8)) {
      mf.write(MANIFEST_HEADER);
      mf.write('\n');
      for (SampleCategory category : SampleCategory.values()) {
        Path dir = catalogue.resolve("photos").resolve(category.word());
        Files.createDirectories(dir);
        int tests = 0;
        Deque<Future<GeneratedInstance>> window = new ArrayDeque<>();
        int next = 1;
        int n = settings.instancesPerCategory();
        while (next <= n || !window.isEmpty()) {
          while (next <= n && window.size() < 2 * settings.threads()) {
            final int index = next++;
            window.add(pool.submit(() -> generateInstance(category, index, settings)));
          }
          GeneratedInstance gi = await(window.removeFirst());
          Files.write(dir.resolve(gi.photoId() + ".png"), gi.photoPng());
          mf.write(gi.manifestRow());
          mf.write('\n');
          for (String line : gi.ndjsonLines()) {
            sk.write(line);
            sk.write('\n');
          }
          photos++;
          sketches += gi.ndjsonLines().size();
          if ("test".equals(gi.split())) {
            tests++;
          }
        }
        perCategory.put(category.word(), n);
        testPerCategory.put(category.word(), tests);
        stale += removeStalePhotos(dir, category, n);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Summary(out, photos, sketches, perCategory, testPerCategory, stale);
  }

  private static GeneratedInstance await(Future<GeneratedInstance> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating the sample catalogue", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  /** Deletes {@code <category>-NNNN.png} files with an index above {@code count}; returns how many. */
  private static int removeStalePhotos(Path dir, SampleCategory category, int count) throws IOException {
    Pattern p = Pattern.compile(Pattern.quote(category.word()) + "-(\\d+)\\.png");
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Matcher m = p.matcher(f.getFileName().toString());
        if (m.matches() && (m.group(1).length() > 9 || Long.parseLong(m.group(1)) > count)) {
          stale.add(f);
        }
      }
    }
    Collections.sort(stale);
    for (Path f : stale) {
      Files.delete(f);
    }
    return stale.size();
  }

  // ------------------------------------------------------------------ command line

  static final String USAGE = String.join("\n",
      "Usage: SampleCatalogueGenerator [--out DIR] [--seed N] [--instances-per-category N]",
      "                                [--sketches-per-instance MIN-MAX] [--threads N] [--help]",
      "",
      "Generates the fgsbir sample catalogue: parametric shoe and chair photos (256x256 PNG) in",
      "families of near-identical instances, and paired human-like sketches (Quick, Draw! raw ndjson).",
      "",
      "  --out DIR                        output folder (default: data-samples)",
      "  --seed N                         master seed (default: " + DEFAULT_SEED + ")",
      "  --instances-per-category N       photos per category (default: " + DEFAULT_INSTANCES_PER_CATEGORY + ")",
      "  --sketches-per-instance MIN-MAX  sketches per photo, or a single N (default: 2-3)",
      "  --threads N                      rendering threads; output does not depend on it (default: up to 4)",
      "  --help                           print this help",
      "",
      "Writes DIR/catalogue/photos/<category>/<photo_id>.png, DIR/catalogue/manifest.csv",
      "(photo_id,category,split,path) and DIR/sketches/sketches.ndjson.");

  /**
   * Runs the command line; returns the exit status (0 success, 1 write failure, 2 usage error) instead
   * of exiting, so launchers and tests can call it.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path dir = Path.of("data-samples");
    Settings s = Settings.defaults();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        switch (arg) {
          case "--help", "-h" -> {
            out.println(USAGE);
            return 0;
          }
          case "--out" -> {
            value = value != null ? value : valueAfter(args, i++, arg);
            dir = Path.of(value);
          }
          case "--seed" -> {
            value = value != null ? value : valueAfter(args, i++, arg);
            s = s.withSeed(parseLong(arg, value));
          }
          case "--instances-per-category" -> {
            value = value != null ? value : valueAfter(args, i++, arg);
            s = s.withInstancesPerCategory(parseInt(arg, value));
          }
          case "--sketches-per-instance" -> {
            value = value != null ? value : valueAfter(args, i++, arg);
            int dash = value.indexOf('-');
            if (dash > 0) {
              s = s.withSketchesPerInstance(parseInt(arg, value.substring(0, dash)),
                  parseInt(arg, value.substring(dash + 1)));
            } else {
              int k = parseInt(arg, value);
              s = s.withSketchesPerInstance(k, k);
            }
          }
          case "--threads" -> {
            value = value != null ? value : valueAfter(args, i++, arg);
            s = s.withThreads(parseInt(arg, value));
          }
          default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
              + "'; known options: --out, --seed, --instances-per-category, --sketches-per-instance, --threads, --help");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("generate-samples: " + e.getMessage());
      err.println("Run with --help for usage.");
      return 2;
    }
    long t0 = System.nanoTime();
    Summary summary;
    try {
      summary = generate(dir, s);
    } catch (IOException | UncheckedIOException e) {
      err.println("generate-samples: cannot write the sample catalogue to " + dir.toAbsolutePath() + ": " + e
          + "; check that the folder is writable and the disk has space");
      return 1;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    StringBuilder cats = new StringBuilder();
    for (Map.Entry<String, Integer> e : summary.photosPerCategory().entrySet()) {
      if (cats.length() > 0) {
        cats.append(", ");
      }
      cats.append(e.getKey()).append(' ').append(e.getValue()).append(" (test ")
          .append(summary.testPhotosPerCategory().get(e.getKey())).append(')');
    }
    out.printf(Locale.ROOT, "Generated %d photos [%s] and %d sketches with seed %d in %.1f s:%n",
        summary.photos(), cats, summary.sketches(), s.seed(), secs);
    out.println("  " + dir.resolve(PHOTOS_DIR) + "/<category>/<photo_id>.png");
    out.println("  " + dir.resolve(MANIFEST_PATH));
    out.println("  " + dir.resolve(SKETCHES_PATH));
    if (summary.staleFilesRemoved() > 0) {
      out.println("  removed " + summary.staleFilesRemoved() + " photos left over from a larger earlier run");
    }
    return 0;
  }

  private static String valueAfter(String[] args, int i, String option) {
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i + 1];
  }

  private static int parseInt(String option, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + option + " needs a whole number but got '" + value + "'");
    }
  }

  private static long parseLong(String option, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + option + " needs a whole number but got '" + value + "'");
    }
  }

  /** Command-line entry point; exits with a non-zero status only on failure. See {@link #run}. */
  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // rendering needs no display
    }
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }
}
