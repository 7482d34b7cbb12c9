package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.fgsbir.core.metrics.RankedStep;
import org.fgsbir.core.metrics.RetrievalMetrics;
import org.fgsbir.core.metrics.StepMetrics;
import org.fgsbir.core.metrics.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJobTest extends SparkTestBase {

  @TempDir Path tmp;

  /** A results row as score-sketches writes it (top-K left out: the report does not read it). */
  static Row result(String run, String protocol, String sketch, int step, int stepsTotal, int rank, int g) {
    return RowFactory.create("m1", sketch, "p-" + sketch, "shoe", protocol, step, stepsTotal, step, step * 3,
        (double) step / stepsTotal, rank, g, new String[0], new float[0], run);
  }

  private void writeResults(List<Row> rows) {
    spark.createDataFrame(rows, Schemas.RESULTS).write().mode(SaveMode.Append).partitionBy(Schemas.RUN_ID)
        .parquet(tmp.resolve("results").toString());
  }

  /** Random ranks for {@code sketches} sketches: points17 (17 steps) and stroke (2..6 steps). */
  static List<Row> randomRun(String run, int sketches, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < sketches; s++) {
      int g = s % 4 == 3 ? 1 : 3 + random.nextInt(20); // includes one-photo galleries
      int strokes = 2 + random.nextInt(5);
      for (int t = 1; t <= 17; t++) {
        rows.add(result(run, "points17", "s" + s, t, 17, 1 + random.nextInt(g), g));
      }
      for (int t = 1; t <= strokes; t++) {
        rows.add(result(run, "stroke", "s" + s, t, strokes, 1 + random.nextInt(g), g));
      }
    }
    return rows;
  }

  private static List<RankedStep> ranked(List<Row> rows, String run, String protocol) {
    List<RankedStep> out = new ArrayList<>();
    for (Row r : rows) {
      if (r.getString(14).equals(run) && r.getString(4).equals(protocol)) {
        out.add(new RankedStep(r.getString(1), r.getInt(5), r.getInt(6), r.getInt(10), r.getInt(11)));
      }
    }
    return out;
  }

  @Test
  void sparkAggregatesEqualTheCoreMetricsOnTheSameRows() throws Exception {
    List<Row> r1 = randomRun("r1", 13, 7);
    List<Row> r2 = randomRun("r2", 5, 8);
    writeResults(r1);
    writeResults(r2);

    ReportJob.Result report = ReportJob.run(spark,
        new ReportJob.Options(tmp.resolve("results").toString(), "r1", tmp.resolve("report").toString()));

    assertThat(report.summary()).extracting(ReportJob.SummaryLine::protocol).containsExactly("points17", "stroke");
    for (ReportJob.SummaryLine line : report.summary()) {
      assertThat(line.runId()).isEqualTo("r1");
      assertThat(line.modelVersion()).isEqualTo("m1");
      List<RankedStep> rows = ranked(r1, "r1", line.protocol());
      Summary expected = RetrievalMetrics.summarise(rows);
      assertThat(line.mA()).isCloseTo(expected.mA(), within(1e-12));
      assertThat(line.mB()).isCloseTo(expected.mB(), within(1e-12));
      assertThat(line.acc1()).isCloseTo(expected.acc1(), within(1e-12));
      assertThat(line.acc5()).isCloseTo(expected.acc5(), within(1e-12));
      assertThat(line.acc10()).isCloseTo(expected.acc10(), within(1e-12));
      assertThat(line.sketches()).isEqualTo(expected.sketches());
      assertThat(line.gallerySizeMin()).isEqualTo(expected.minGallerySize());
      assertThat(line.gallerySizeMax()).isEqualTo(expected.maxGallerySize());

      List<StepMetrics> perStep = RetrievalMetrics.perStep(rows);
      List<ReportJob.StepLine> steps = report.steps().stream()
          .filter(s -> s.protocol().equals(line.protocol())).toList();
      assertThat(steps).hasSameSizeAs(perStep);
      for (int i = 0; i < perStep.size(); i++) {
        StepMetrics e = perStep.get(i);
        ReportJob.StepLine a = steps.get(i);
        assertThat(a.step()).isEqualTo(e.step());
        assertThat(a.queries()).isEqualTo(e.queries());
        assertThat(a.acc1()).isCloseTo(e.acc1(), within(1e-12));
        assertThat(a.acc5()).isCloseTo(e.acc5(), within(1e-12));
        assertThat(a.acc10()).isCloseTo(e.acc10(), within(1e-12));
        assertThat(a.meanReciprocalRank()).isCloseTo(e.meanReciprocalRank(), within(1e-12));
        assertThat(a.meanPercentile()).isCloseTo(e.meanPercentile(), within(1e-12));
      }
    }
    assertThat(report.steps()).filteredOn(s -> s.protocol().equals("points17")).hasSize(17);

    // The written tables hold the same rows with the declared schemas.
    var steps = spark.read().parquet(tmp.resolve("report").resolve(ReportJob.STEPS_TABLE).toString());
    var summary = spark.read().parquet(tmp.resolve("report").resolve(ReportJob.SUMMARY_TABLE).toString());
    assertThat(steps.schema()).isEqualTo(Schemas.asNullable(Schemas.REPORT_STEPS));
    assertThat(summary.schema()).isEqualTo(Schemas.asNullable(Schemas.REPORT_SUMMARY));
    assertThat(steps.count()).isEqualTo(report.steps().size());
    assertThat(summary.collectAsList()).containsExactlyInAnyOrderElementsOf(ReportJob.summaryRows(report.summary()));
    String text = Files.readString(tmp.resolve("report").resolve(ReportJob.TEXT_REPORT));
    assertThat(text).isEqualTo(ReportJob.formatTable(report)).contains("run r1 | model m1 | protocol points17")
        .contains("summary: m@A");

    // All runs: one summary line per (run, protocol).
    ReportJob.Result both = ReportJob.run(spark,
        new ReportJob.Options(tmp.resolve("results").toString(), null, tmp.resolve("report-all").toString()));
    assertThat(both.summary()).extracting(s -> s.runId() + "/" + s.protocol())
        .containsExactly("r1/points17", "r1/stroke", "r2/points17", "r2/stroke");
    assertThat(both.summary().get(2).sketches()).isEqualTo(5);
  }

  @Test
  void formatsPercentagesWithTwoDecimals() {
    ReportJob.Result r = new ReportJob.Result(
        List.of(new ReportJob.StepLine("r", "m", "stroke", 1, 4, 0.5, 0.25, 0.5, 1.0, 0.123456, 0.9)),
        List.of(new ReportJob.SummaryLine("r", "m", "stroke", 0.9, 0.123456, 0.25, 0.5, 1.0, 4, 3, 7)));
    String text = ReportJob.formatTable(r);
    assertThat(text).contains("run r | model m | protocol stroke")
        .contains("     1    50.00        4    25.00    50.00   100.00        12.35      90.00")
        .contains("m@A 90.00 | m@B 12.35 | complete sketch acc@1 25.00, acc@5 50.00, acc@10 100.00 | 4 sketches"
            + " | gallery size 3..7");
  }

  @Test
  void refusesAMissingRunAndRepeatedSteps() {
    List<Row> rows = new ArrayList<>(randomRun("r1", 2, 1));
    rows.add(result("r1", "stroke", "s0", 1, rows.stream()
        .filter(r -> r.getString(1).equals("s0") && r.getString(4).equals("stroke")).findFirst().get().getInt(6),
        1, 3));
    writeResults(rows);
    String results = tmp.resolve("results").toString();
    String report = tmp.resolve("report").toString();
    assertThatThrownBy(() -> ReportJob.run(spark, new ReportJob.Options(results, "r9", report)))
        .hasMessageContaining("no results for run r9").hasMessageContaining("runs present: [r1]");
    assertThatThrownBy(() -> ReportJob.run(spark, new ReportJob.Options(results, "r1", report)))
        .hasMessageContaining("repeat a step").hasMessageContaining("s0");
    assertThatThrownBy(() -> ReportJob.run(spark, new ReportJob.Options(tmp.resolve("none").toString(), null,
        report))).hasMessageContaining("does not exist");
  }
}
