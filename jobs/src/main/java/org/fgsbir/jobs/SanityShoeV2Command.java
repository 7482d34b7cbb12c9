package org.fgsbir.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.pseudo.PseudoSketchEvaluation;
import org.fgsbir.core.pseudo.PseudoSketchTracer;
import org.fgsbir.core.pseudo.TraceOptions;
import org.fgsbir.jobs.cli.Command;
import org.fgsbir.jobs.cli.Invocation;
import org.fgsbir.jobs.cli.JobCommands;
import org.fgsbir.jobs.cli.OptionSpec;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.ConfigException;
import org.fgsbir.jobs.config.ModelSettings;
import org.fgsbir.jobs.config.Settings;

/**
 * {@code fgsbir sanity-shoev2}: retrieval of real Shoe-V2 product photos by pseudo-sketches traced from
 * their own edges ({@link PseudoSketchTracer}), for the baseline and the configured model. A sanity check
 * of the photo branch on real photos of near-identical shoes, not a measure on human sketches. Runs in
 * the driver JVM (no Spark: 100 photos), reading the photos in place.
 */
public final class SanityShoeV2Command {
  private SanityShoeV2Command() {}

  private static final String CATEGORY = "shoe";

  /** The command. */
  public static Command command() {
    return new Command("sanity-shoev2",
        "Retrieves the real Shoe-V2 photos by pseudo-sketches traced from them (a sanity check).",
        "Traces pseudo-sketches from the edges of each photo in --photos (a folder of <photo_id>.png|jpg, by "
            + "default the 100 QMUL Shoe-V2 photos under ../shared/external-data), longest contours first, with "
            + "dropped details and a seeded warp; then ranks each photo among all of them by its pseudo-sketches, "
            + "step by step under each protocol, with the baseline and (when configured) the --model. Prints "
            + "acc@1, acc@10 and m@B per model and protocol and writes them to <out>/sanity-shoev2.csv. "
            + "Pseudo-sketches follow the photo's own edges: this checks the pipeline on real photos, it is not "
            + "a result on human sketches.",
        "sanity-shoev2.properties",
        List.of(JobCommands.option("--photos"), JobCommands.option("--out"), JobCommands.option("--protocols"),
            OptionSpec.of("--limit", "N", Settings.SANITY_PHOTO_LIMIT),
            OptionSpec.of("--sketches-per-photo", "N", Settings.SANITY_SKETCHES_PER_PHOTO),
            OptionSpec.of("--seed", "N", Settings.SANITY_SEED),
            OptionSpec.of("--batch-size", "N", Settings.EMBED_BATCH_SIZE),
            JobCommands.option("--model"), JobCommands.option("--model-uri")),
        SanityShoeV2Command::run);
  }

  private static int run(Invocation invocation) throws IOException {
    Config config = invocation.config();
    PrintStream out = invocation.out();
    String photosDir = config.get(Settings.INPUT_PHOTOS);
    if (photosDir == null || !Files.isDirectory(Path.of(photosDir))) {
      throw new ConfigException("input.photos = '" + photosDir + "' (from " + config.origin(Settings.INPUT_PHOTOS)
          + ") is not a folder; pass --photos DIR with the Shoe-V2 photos (<photo_id>.png).");
    }
    List<ModelSpec> models = new ArrayList<>();
    models.add(BaselineEmbedder.spec());
    ModelSpec configured = ModelSettings.spec(config);
    if (!configured.engine().equals(BaselineEmbedder.ENGINE)) {
      models.add(configured);
    }
    List<PartialProtocol> protocols = config.get(Settings.SCORE_PROTOCOLS).stream().map(PartialProtocol::parse).toList();
    int limit = config.get(Settings.SANITY_PHOTO_LIMIT);
    int perPhoto = config.get(Settings.SANITY_SKETCHES_PER_PHOTO);
    TraceOptions trace = TraceOptions.defaults().withSeed(config.get(Settings.SANITY_SEED));
    int batch = config.get(Settings.EMBED_BATCH_SIZE);
    Path outDir = Path.of(config.get(Settings.OUTPUT_DIR));
    if (invocation.args().dryRun()) {
      out.println("Would evaluate photos in " + photosDir + (limit > 0 ? " (first " + limit + ")" : "") + ", "
          + perPhoto + " pseudo-sketches each, " + trace + ", protocols " + protocols + ", models "
          + models.stream().map(ModelSpec::version).toList() + ", writing " + outDir.resolve("sanity-shoev2.csv"));
      return 0;
    }

    long start = System.nanoTime();
    List<PseudoSketchEvaluation.Photo> photos = readPhotos(Path.of(photosDir), limit);
    PseudoSketchEvaluation.SketchSet set = PseudoSketchEvaluation.trace(photos, CATEGORY,
        new PseudoSketchTracer(trace), perPhoto);
    out.printf("sanity-shoev2: %d photos from %s, %d pseudo-sketches (%d per photo, seed %d)%n", photos.size(),
        photosDir, set.sketches().size(), perPhoto, trace.seed());
    out.println("  pseudo-sketches are traced from the photos' own edges: a sanity check, not human sketches");
    List<PseudoSketchEvaluation.Result> results = new ArrayList<>();
    for (ModelSpec model : models) {
      results.addAll(PseudoSketchEvaluation.evaluate(set, model, protocols, batch));
    }
    String table = format(results, photos.size());
    out.print(table);
    Files.createDirectories(outDir);
    Path csv = outDir.resolve("sanity-shoev2.csv");
    Files.writeString(csv, csv(results, photos.size(), perPhoto, trace.seed()));
    out.printf("  written: %s (%.1f s)%n", csv, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  static List<PseudoSketchEvaluation.Photo> readPhotos(Path dir, int limit) {
    List<PseudoSketchEvaluation.Photo> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
          .matches(".+\\.(png|jpg|jpeg)")).sorted().toList();
      for (Path p : limit > 0 ? sorted.subList(0, Math.min(limit, sorted.size())) : sorted) {
        String name = p.getFileName().toString();
        photos.add(new PseudoSketchEvaluation.Photo(name.substring(0, name.lastIndexOf('.')), Files.readAllBytes(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the photos in " + dir, e);
    }
    if (photos.size() < 2) {
      throw new ConfigException("Found " + photos.size() + " photo(s) in " + dir + "; the sanity set needs at least"
          + " 2 <photo_id>.png|jpg files to retrieve among.");
    }
    return photos;
  }

  static String format(List<PseudoSketchEvaluation.Result> results, int gallery) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("  %-28s %-9s %8s %8s %8s %8s%n", "model", "protocol", "acc@1", "acc@10", "m@B",
        "queries"));
    for (PseudoSketchEvaluation.Result r : results) {
      text.append(String.format(Locale.ROOT, "  %-28s %-9s %8.2f %8.2f %8.2f %8d%n", r.model(), r.protocol(),
          100 * r.summary().acc1(), 100 * r.summary().acc10(), 100 * r.summary().mB(), r.queries()));
    }
    text.append(String.format("  (percent; gallery of %d photos, chance acc@1 %.2f, acc@10 %.2f)%n", gallery,
        100.0 / gallery, 100.0 * Math.min(10, gallery) / gallery));
    return text.toString();
  }

  private static String csv(List<PseudoSketchEvaluation.Result> results, int photos, int perPhoto, long seed) {
    StringBuilder text = new StringBuilder("model,protocol,photos,sketches_per_photo,seed,acc_at_1,acc_at_10,m_at_b,"
        + "m_at_a,queries\n");
    for (PseudoSketchEvaluation.Result r : results) {
      text.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%d%n", r.model(), r.protocol(),
          photos, perPhoto, seed, r.summary().acc1(), r.summary().acc10(), r.summary().mB(), r.summary().mA(),
          r.queries()));
    }
    return text.toString();
  }
}
