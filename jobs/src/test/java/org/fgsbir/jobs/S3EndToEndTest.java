package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.jobs.spark.HadoopFiles;
import org.fgsbir.jobs.verify.OutputComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo pipeline (embed-catalogue -> score-sketches -> report, baseline model) on a subset of
 * data-samples/ with every input and output on {@code s3a://}, against a real S3 API ({@link S3Proxy}).
 * Every output table must equal, row for row, that of the same pipeline on the local file system.
 *
 * <p>The S3Proxy jar is fetched by Maven into {@code jobs/target/s3proxy/} (surefire passes its path as
 * {@code fgsbir.s3proxy.jar}); the test fails, not skips, without it. The endpoint and the test-only
 * credentials are set on this test's Spark session for its bucket only
 * ({@code fs.s3a.bucket.BUCKET.*}); no credential is written to any file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3EndToEndTest extends SparkTestBase {
  private static final String BUCKET = "fgsbir-e2e";
  private static final String RUN = "run-s3";
  /** Photos kept per category (the first ones in manifest order, train and test alike). */
  private static final int PHOTOS_PER_CATEGORY = 12;

  @TempDir static Path tmp;

  private S3Proxy proxy;
  private String localIn;
  private List<OutputComparison.TableDiff> diffs;
  private EmbedCatalogueJob.Result localEmbed;
  private ScoreSketchesJob.Result localScore;
  private ScoreSketchesJob.Result s3Score;
  private ReportJob.Result s3Report;

  @BeforeAll
  void runThePipelineLocallyAndOnS3() throws Exception {
    startSpark();
    Path in = writeSubset(tmp.resolve("in"));
    Configuration conf = HadoopFiles.conf(spark);
    localIn = HadoopFiles.qualified(conf, in.toString());

    proxy = S3Proxy.start(tmp.resolve("s3proxy"));
    proxy.configure(conf, BUCKET);
    proxy.createBucket(BUCKET);
    String s3In = "s3a://" + BUCKET + "/in";
    FileSystem s3 = FileSystem.get(URI.create(s3In), conf);
    s3.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(in.toUri()), new org.apache.hadoop.fs.Path(s3In));

    String localOut = tmp.resolve("out-local").toString();
    localEmbed = EmbedCatalogueJob.run(spark, embed(localIn, localOut));
    localScore = ScoreSketchesJob.run(spark, score(localIn, localOut));
    ReportJob.run(spark, report(localOut));

    String s3Out = "s3a://" + BUCKET + "/out";
    EmbedCatalogueJob.run(spark, embed(s3In, s3Out));
    s3Score = ScoreSketchesJob.run(spark, score(s3In, s3Out));
    s3Report = ReportJob.run(spark, report(s3Out));

    // Uris and reject sources name the input's location: map the S3 one back to the local one.
    diffs = OutputComparison.compare(spark, localOut, s3Out, Map.of(s3In, localIn));
  }

  @AfterAll
  void stopProxy() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void everyOutputTableOnS3EqualsTheLocalRunRowForRow() {
    assertThat(diffs).hasSize(OutputComparison.TABLES.size());
    assertThat(diffs).allSatisfy(d -> assertThat(d.isSame()).as(d.toString()).isTrue());
  }

  @Test
  void theComparisonCoveredRealRows() {
    Map<String, Long> rows = new java.util.HashMap<>();
    diffs.forEach(d -> rows.put(d.table(), d.actualRows()));
    assertThat(localEmbed.written()).isEqualTo(2L * PHOTOS_PER_CATEGORY);
    assertThat(rows.get("embeddings")).isEqualTo(localEmbed.written());
    assertThat(s3Score.scored()).isEqualTo(localScore.scored()).isGreaterThanOrEqualTo(10);
    assertThat(rows.get("results")).isEqualTo(localScore.resultRows()).isEqualTo(s3Score.resultRows());
    assertThat(rows.get("report/summary")).isEqualTo(2L); // stroke, points17
    assertThat(s3Report.summary()).hasSize(2);
  }

  @Test
  void theOutputReallyWentToTheS3Api() throws IOException {
    S3Client client = proxy.client();
    List<String> keys = client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("out/results/"))
        .contents().stream().map(o -> o.key()).toList();
    assertThat(keys).anyMatch(k -> k.startsWith("out/results/run_id=" + RUN + "/") && k.endsWith(".parquet"));
    assertThat(keys).contains("out/results/run_id=" + RUN + "/_SUCCESS");
    client.close();
  }

  private EmbedCatalogueJob.Options embed(String in, String out) {
    return new EmbedCatalogueJob.Options(in + "/catalogue/manifest.csv", out + "/embeddings",
        out + "/rejects/embed-catalogue", model(), 32);
  }

  private ScoreSketchesJob.Options score(String in, String out) {
    return new ScoreSketchesJob.Options(in + "/sketches/sketches.ndjson", "quickdraw", null, "test",
        out + "/embeddings", null, out + "/results", out + "/rejects/score-sketches", RUN, model(),
        List.of("stroke", "points17"), 10, 64);
  }

  private ReportJob.Options report(String out) {
    return new ReportJob.Options(out + "/results", RUN, out + "/report");
  }

  private static ModelSpec model() {
    return BaselineEmbedder.spec();
  }

  /**
   * The first {@link #PHOTOS_PER_CATEGORY} photos of each category of data-samples/ with their manifest
   * rows, and the sketches of those photos, laid out like data-samples/.
   */
  private static Path writeSubset(Path in) throws IOException {
    Path samples = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples");
    List<String> manifest = Files.readAllLines(samples.resolve("catalogue/manifest.csv"));
    List<String> kept = new ArrayList<>(List.of(manifest.get(0)));
    Set<String> photoIds = new HashSet<>();
    Map<String, Integer> perCategory = new java.util.HashMap<>();
    for (String line : manifest.subList(1, manifest.size())) {
      String[] f = line.split(",");
      if (perCategory.merge(f[1], 1, Integer::sum) <= PHOTOS_PER_CATEGORY) {
        kept.add(line);
        photoIds.add(f[0]);
        Path target = in.resolve("catalogue").resolve(f[3]);
        Files.createDirectories(target.getParent());
        Files.copy(samples.resolve("catalogue").resolve(f[3]), target);
      }
    }
    Files.write(in.resolve("catalogue/manifest.csv"), kept, StandardCharsets.UTF_8);
    Pattern photoId = Pattern.compile("\"photo_id\":\"([^\"]+)\"");
    List<String> sketches = new ArrayList<>();
    for (String line : Files.readAllLines(samples.resolve("sketches/sketches.ndjson"))) {
      Matcher m = photoId.matcher(line);
      if (m.find() && photoIds.contains(m.group(1))) {
        sketches.add(line);
      }
    }
    Files.createDirectories(in.resolve("sketches"));
    Files.write(in.resolve("sketches/sketches.ndjson"), sketches, StandardCharsets.UTF_8);
    return in;
  }
}
