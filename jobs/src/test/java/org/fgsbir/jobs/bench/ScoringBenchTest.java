package org.fgsbir.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fgsbir.jobs.Cli;
import org.fgsbir.jobs.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fgsbir bench scoring} at tiny sizes, through the real CLI, Parquet, Spark local[2] and MLlib. */
class ScoringBenchTest extends SparkTestBase {

  @Test
  void tinyRunMeasuresEveryContenderAndEndsWithTheKeyLine(@TempDir Path work) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"bench", "scoring", "--gallery", "2000", "--queries", "50",
        "--dim", "16", "--k", "10", "--clusters", "100", "--kernel-queries", "64", "--kernel-gallery", "2000",
        "--kernel-reps", "1", "--no-raw", "--ann-sample", "2", "--work", work.toString()},
        new PrintStream(bytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out + errBytes.toString(StandardCharsets.UTF_8)).isZero();

    List<String> lines = out.strip().lines().toList();
    Map<String, String> kv = ScoringBench.keyValues(lines.get(lines.size() - 1));
    assertThat(kv.keySet()).containsAll(ScoringBench.KEYS);
    for (String key : ScoringBench.KEYS) {
      if (!key.equals("compare_at") && !key.equals("blas_lib")) {
        Double.parseDouble(kv.get(key)); // every figure is a number or NaN
      }
    }
    // The job checked against the driver's brute force, at every size.
    assertThat(Double.parseDouble(kv.get("job_recall10"))).isEqualTo(1.0);
    assertThat(out.lines().filter(l -> l.contains("scoring job (exact):")))
        .hasSize(1).allMatch(l -> l.contains("recall@10 1.0000 vs a driver brute force"));
    // Measured (a number, not NaN); at dim 16 on a loaded machine it may print as 0.0.
    assertThat(Double.parseDouble(kv.get("kernel_gflops"))).isNotNegative();
    assertThat(out).contains("GFLOP/s (median").contains("kernel_gflops=");
    assertThat(kv.get("peak_gflops")).isEqualTo("NaN"); // --no-raw
    // The peers ran, with recalls in [0, 1]; the comparison is at the largest size.
    assertThat(kv.get("compare_at")).isEqualTo("50x2000");
    assertThat(Double.parseDouble(kv.get("lsh_recall10"))).isBetween(0.0, 1.0);
    assertThat(Double.parseDouble(kv.get("lsh_tuned_recall10"))).isBetween(0.0, 1.0);
    assertThat(Double.parseDouble(kv.get("job_vs_lsh"))).isPositive();
    assertThat(out).contains("approxNearestNeighbors docs 2.0/3:").contains("EXTRAPOLATED")
        .contains("SQL cross join + window rank:");
    assertThat(kv.get("job_1e4x1e6_s")).isEqualTo("NaN");
    assertThat(Long.parseLong(kv.get("peak_heap_mib"))).isPositive();
    // The SQL cross join is exact too.
    assertThat(out.lines().filter(l -> l.contains("SQL cross join + window rank:")))
        .allMatch(l -> l.contains("recall@10 1.0000"));
  }

  @Test
  void skipsPeersAboveTheirLimitsAndPrintsLinearity(@TempDir Path work) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"bench", "scoring", "--gallery", "1000,1500,2000", "--queries", "20,40", "--dim",
        "8", "--kernel-queries", "16", "--kernel-gallery", "500", "--kernel-reps", "1", "--no-raw",
        "--job-reps", "3", "--sql-max-pairs", "1e3", "--lsh-max-pairs", "1e3", "--work", work.toString()},
        new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out).contains("SQL cross join + window rank: skipped (20 x 1000 pairs > --sql-max-pairs 1000")
        .contains("LSH join / nearest neighbours: skipped (40 x 2000 pairs")
        .contains("-- warm-up (not timed)")
        .containsPattern("scoring job \\(exact\\): +[0-9.]+ s \\(median of 3 runs: [0-9.]+, [0-9.]+, [0-9.]+\\)");
    // Linearity: per query count across gallery sizes and per gallery size across query counts.
    assertThat(out).contains("queries 20, gallery:  1000:").contains("queries 40, gallery:")
        .contains("gallery 2000, queries:  20:");
    // Three gallery sizes: a fitted line with its prediction for each of them.
    assertThat(out).containsPattern("line: fixed -?[0-9.]+ s \\+ -?[0-9.e+-]+ s per unit; predicted 1000: [0-9.-]+ s"
        + " 1500: [0-9.-]+ s 2000: [0-9.-]+ s; worst miss [0-9.]+%");
    Map<String, String> kv = ScoringBench.keyValues(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(kv.get("job_vs_lsh")).isEqualTo("NaN");
    assertThat(kv.get("lsh_recall10")).isEqualTo("NaN");
  }

  @Test
  void affineFitRecoversALineAndAveragesNoise() {
    assertThat(ScoringBench.affineFit(new double[] {1, 2, 4}, new double[] {3.5, 5.5, 9.5}))
        .containsExactly(1.5, 2.0);
    double[] noisy = ScoringBench.affineFit(new double[] {0, 1, 2, 3}, new double[] {1.1, 1.9, 3.1, 3.9});
    assertThat(noisy[1]).isCloseTo(0.96, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(noisy[0]).isCloseTo(1.06, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void badSizeIsAUsageErrorNamingTheValue() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"bench", "scoring", "--gallery", "1e4,lots"}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--gallery value 'lots' is not a number");
    err.reset();
    assertThat(Cli.run(new String[] {"bench", "nothing"}, System.out, new PrintStream(err, true,
        StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown benchmark 'nothing'");
  }
}
