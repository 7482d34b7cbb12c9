package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on the project's own {@code data-samples/} (manifest input, 200 photos) with the baseline
 * embedder: every table reads back with the {@link Schemas} constants and the counts add up. Sketches are
 * limited to the first test-split records of each category to keep the test short.
 */
class DataSamplesTest extends SparkTestBase {
  private static final int SKETCHES_PER_CATEGORY = 4;

  @TempDir Path tmp;

  @Test
  void samplesRunThroughAllThreeJobsIntoTheDeclaredTables() throws Exception {
    Path samples = DataSamples.dir();
    Path manifest = samples.resolve("catalogue/manifest.csv");
    long photos = Files.readAllLines(manifest).stream().skip(1).filter(l -> !l.isBlank()).count();
    List<String> chosen = DataSamples.testSketchLines(SKETCHES_PER_CATEGORY);
    Path sketches = Files.write(tmp.resolve("sample-sketches.ndjson"), chosen);
    ModelSpec spec = BaselineEmbedder.spec();
    String embeddings = tmp.resolve("embeddings").toString();

    EmbedCatalogueJob.Result embedded = EmbedCatalogueJob.run(spark, new EmbedCatalogueJob.Options(
        manifest.toString(), embeddings, tmp.resolve("photo_rejects").toString(), spec, 32));
    ScoreSketchesJob.Result scored = ScoreSketchesJob.run(spark, new ScoreSketchesJob.Options(sketches.toString(),
        "auto", null, "test", embeddings, null, tmp.resolve("results").toString(),
        tmp.resolve("sketch_rejects").toString(), "samples-1", spec, List.of("points17", "stroke"), 10, 32));
    ReportJob.Result report = ReportJob.run(spark, new ReportJob.Options(tmp.resolve("results").toString(),
        "samples-1", tmp.resolve("report").toString()));

    assertThat(embedded.photosIn()).isEqualTo(photos).isEqualTo(embedded.written() + embedded.rejected());
    assertThat(embedded.rejected()).isZero();
    assertThat(scored.sketchesIn()).isEqualTo(chosen.size()).isEqualTo(scored.scored() + scored.rejected());
    assertThat(scored.scored()).isEqualTo(chosen.size());

    assertThat(spark.read().parquet(embeddings).schema())
        .isEqualTo(Schemas.asNullable(Schemas.embeddings(spec.dimension())));
    assertThat(spark.read().parquet(tmp.resolve("results").toString()).schema())
        .isEqualTo(Schemas.asNullable(Schemas.RESULTS));
    assertThat(spark.read().parquet(tmp.resolve("report/steps").toString()).schema())
        .isEqualTo(Schemas.asNullable(Schemas.REPORT_STEPS));
    assertThat(spark.read().parquet(tmp.resolve("report/summary").toString()).schema())
        .isEqualTo(Schemas.asNullable(Schemas.REPORT_SUMMARY));
    // Galleries hold a category's photos of every split (100 each in the samples).
    assertThat(report.summary()).hasSize(2).allSatisfy(s -> {
      assertThat(s.sketches()).isEqualTo(chosen.size());
      assertThat(s.gallerySizeMin()).isEqualTo(100);
      assertThat(s.gallerySizeMax()).isEqualTo(100);
      assertThat(List.of(s.mA(), s.mB(), s.acc1(), s.acc10())).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    });
    System.out.print(ReportJob.formatTable(report));
  }
}
