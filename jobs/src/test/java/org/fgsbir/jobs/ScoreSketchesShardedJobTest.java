package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.retrieval.Similarity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * score-sketches through the sharded plan on a subset of the demo's data-samples (all 200 photos, the first
 * test-split sketches of each category, both protocols, baseline embedder): every results row equals the
 * golden file {@code score-demo-subset.txt}, written by the previous job, which broadcast each category's
 * whole gallery (generated on commit 4e9c193, before the sharded plan replaced it; scores as exact bits).
 */
class ScoreSketchesShardedJobTest extends SparkTestBase {
  private static final int SKETCHES_PER_CATEGORY = 3;

  @TempDir Path tmp;

  @Test
  void resultsEqualTheBroadcastJobsResultsOnTheDemoSubset() throws Exception {
    // Shards of 30 photos: the 100-photo galleries are cut unevenly into 4 shards each.
    Golden.check("score-demo-subset.txt", resultsText(scoreDemoSubset(tmp, 30)));
  }

  /**
   * The cluster and GPU environments enable Kryo: the same job with {@code spark.serializer} = Kryo (every
   * shuffled or collected type must be Kryo-safe: no Java records) gives the same results, and a folder of
   * file-level sketches (parsed sketches and a corrupt file, both repartitioned) goes through it.
   */
  @Test
  void runsEndToEndWithKryo() {
    Map<String, String> kryo = Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    withFreshSession(kryo, session -> {
      assertThat(session.sparkContext().conf().get("spark.serializer")).endsWith("KryoSerializer");
      try {
        Path out = tmp.resolve("kryo");
        Golden.check("score-demo-subset.txt", resultsText(scoreDemoSubset(out, 16)));
        Path folder = out.resolve("svg");
        for (String svg : List.of("2429245009_1.svg", "3302107001_12.svg")) {
          try (InputStream in = getClass().getResourceAsStream("/svg/shoes/" + svg)) {
            Files.createDirectories(folder);
            Files.write(folder.resolve(svg), in.readAllBytes());
          }
        }
        Files.writeString(folder.resolve("broken_1.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0 L");
        ScoreSketchesJob.Result svgs = ScoreSketchesJob.run(session, new ScoreSketchesJob.Options(folder.toString(),
            "auto", "shoe", null, out.resolve("embeddings").toString(), null, out.resolve("results").toString(),
            out.resolve("sketch_rejects").toString(), "kryo-svg", BaselineEmbedder.spec(), List.of("percent"), 10,
            32, Similarity.L2, 7));
        // The sample shoes are not these SVGs' photos: both sketches are rejected, the corrupt file once.
        assertThat(svgs.sketchesIn()).isEqualTo(3).isEqualTo(svgs.rejected());
        Map<String, Long> reasons = new HashMap<>();
        for (Row r : session.read().parquet(out.resolve("sketch_rejects").toString())
            .where("run_id = 'kryo-svg'").collectAsList()) {
          reasons.merge(r.getAs(Schemas.REASON_CODE), 1L, Long::sum);
        }
        assertThat(reasons).isEqualTo(Map.of("photo_not_in_gallery", 2L, "malformed", 1L));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Embeds the samples' 200 photos and scores the chosen sketches under {@code out}; the results path. */
  private static String scoreDemoSubset(Path out, int shardSize) throws IOException {
    Path samples = DataSamples.dir();
    Path manifest = samples.resolve("catalogue/manifest.csv");
    List<String> chosen = DataSamples.testSketchLines(SKETCHES_PER_CATEGORY);
    Files.createDirectories(out);
    Path sketches = Files.write(out.resolve("sample-sketches.ndjson"), chosen);
    ModelSpec spec = BaselineEmbedder.spec();
    String embeddings = out.resolve("embeddings").toString();
    EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(
        manifest.toString(), embeddings, out.resolve("photo_rejects").toString(), spec, 32));
    ScoreSketchesJob.Result scored = ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(sketches.toString(),
        "auto", null, "test", embeddings, null, out.resolve("results").toString(),
        out.resolve("sketch_rejects").toString(), "demo-subset", spec, List.of("points17", "stroke"), 10, 32,
        Similarity.COSINE, shardSize));
    assertThat(scored.scored()).isEqualTo(chosen.size()).isEqualTo(scored.sketchesIn());
    assertThat(scored.rejected()).isZero();
    return out.resolve("results").toString();
  }

  /** Every results column but the run id, one line per row, rows sorted; floats as their exact bits. */
  static String resultsText(String results) {
    List<Row> rows = spark.read().parquet(results)
        .orderBy(Schemas.SKETCH_ID, Schemas.PROTOCOL, Schemas.STEP).collectAsList();
    StringBuilder sb = new StringBuilder();
    for (Row r : rows) {
      sb.append(r.<String>getAs(Schemas.MODEL_VERSION)).append(' ').append(r.<String>getAs(Schemas.SKETCH_ID))
          .append(' ').append(r.<String>getAs(Schemas.PHOTO_ID)).append(' ').append(r.<String>getAs(Schemas.CATEGORY))
          .append(' ').append(r.<String>getAs(Schemas.PROTOCOL)).append(' ').append((int) r.getAs(Schemas.STEP))
          .append('/').append((int) r.getAs(Schemas.STEPS_TOTAL)).append(" strokes=")
          .append((int) r.getAs(Schemas.STROKES_DRAWN)).append(" points=").append((int) r.getAs(Schemas.POINTS_DRAWN))
          .append(String.format(Locale.ROOT, " fraction=%.6f", (double) r.getAs(Schemas.FRACTION_DRAWN)))
          .append(" rank=").append((int) r.getAs(Schemas.RANK)).append(" gallery=")
          .append((int) r.getAs(Schemas.GALLERY_SIZE)).append(" top=").append(r.getList(r.fieldIndex(Schemas.TOP_K_PHOTO_IDS)))
          .append(" scores=[");
      List<Float> scores = r.getList(r.fieldIndex(Schemas.TOP_K_SCORES));
      for (int i = 0; i < scores.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(Float.toHexString(scores.get(i)));
      }
      sb.append("]\n");
    }
    return sb.toString();
  }
}
