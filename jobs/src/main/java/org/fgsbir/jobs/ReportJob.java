package org.fgsbir.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.jobs.spark.HadoopFiles;
import org.fgsbir.jobs.spark.Tables;

/**
 * Aggregates the results table into per-step metrics and a per-protocol summary (the on-the-fly FG-SBIR
 * metrics acc@K, m@A, m@B), writes them as the report_steps and report_summary tables and renders a
 * text table.
 */
public final class ReportJob {
  private ReportJob() {}

  /**
   * What to report on and where to write it.
   *
   * @param resultsPath root of the results table
   * @param runId the run to report, or null for every run in the table
   * @param reportPath folder for {@code steps/}, {@code summary/} (Parquet) and {@code report.txt}
   */
  public record Options(String resultsPath, String runId, String reportPath) {
    public Options {
      Objects.requireNonNull(resultsPath, "resultsPath");
      Objects.requireNonNull(reportPath, "reportPath");
    }
  }

  /**
   * One report_steps row. Fractions in [0, 1].
   */
  public record StepLine(
      String runId, String modelVersion, String protocol, int step, long queries, double meanFractionDrawn,
      double acc1, double acc5, double acc10, double meanReciprocalRank, double meanPercentile) {}

  /**
   * One report_summary row. Fractions in [0, 1]; acc@K at each sketch's last step.
   */
  public record SummaryLine(
      String runId, String modelVersion, String protocol, double mA, double mB, double acc1, double acc5,
      double acc10, long sketches, int gallerySizeMin, int gallerySizeMax) {}

  /**
   * The report, ordered by run, model version, protocol (and step).
   *
   * @param steps per-step metrics
   * @param summary per-protocol summary
   */
  public record Result(List<StepLine> steps, List<SummaryLine> summary) {}

  /**
   * Reads the results of one run (or all), aggregates them with Spark, writes {@code steps/} and
   * {@code summary/} Parquet tables and {@code report.txt} under the report path, and returns the rows.
   *
   * <p>The aggregation is decomposable: per-step means over queries; per sketch the mean over its steps
   * of {@code 1/rank} and of the rank percentile, then the mean over sketches (m@B, m@A); acc@K at each
   * sketch's last step. It matches {@code org.fgsbir.core.metrics.RetrievalMetrics} on the same rows.
   *
   * @throws IllegalArgumentException if there are no results for the run, or a sketch repeats a step
   *     or lacks its last step
   */
  public static Result run(SparkSession spark, Options options) {
    if (HadoopFiles.statusOrNull(HadoopFiles.conf(spark), options.resultsPath()) == null) {
      throw new IllegalArgumentException("Results table " + options.resultsPath() + " does not exist; run"
          + " score-sketches first, or fix the results path.");
    }
    Dataset<Row> all = spark.read().schema(Schemas.RESULTS).parquet(options.resultsPath());
    Dataset<Row> results = options.runId() == null ? all : all.where(col(Schemas.RUN_ID).equalTo(options.runId()));

    Column rank = col(Schemas.RANK);
    Column g = col(Schemas.GALLERY_SIZE);
    Dataset<Row> queries = results.select(
        col(Schemas.RUN_ID), col(Schemas.MODEL_VERSION), col(Schemas.PROTOCOL), col(Schemas.SKETCH_ID),
        col(Schemas.STEP), col(Schemas.STEPS_TOTAL), col(Schemas.FRACTION_DRAWN), g,
        when(rank.leq(1), 1.0).otherwise(0.0).as(HIT1),
        when(rank.leq(5), 1.0).otherwise(0.0).as(HIT5),
        when(rank.leq(10), 1.0).otherwise(0.0).as(HIT10),
        lit(1.0).divide(rank).as(RR),
        when(g.equalTo(1), 1.0).otherwise(g.minus(rank).cast("double").divide(g.minus(1))).as(PCT),
        col(Schemas.STEP).equalTo(col(Schemas.STEPS_TOTAL)).as(LAST));
    Column[] run = {col(Schemas.RUN_ID), col(Schemas.MODEL_VERSION), col(Schemas.PROTOCOL)};

    Dataset<Row> steps = queries
        .groupBy(col(Schemas.RUN_ID), col(Schemas.MODEL_VERSION), col(Schemas.PROTOCOL), col(Schemas.STEP))
        .agg(count(lit(1)).as(Schemas.QUERIES),
            avg(Schemas.FRACTION_DRAWN).as(Schemas.MEAN_FRACTION_DRAWN),
            avg(HIT1).as(Schemas.ACC_AT_1),
            avg(HIT5).as(Schemas.ACC_AT_5),
            avg(HIT10).as(Schemas.ACC_AT_10),
            avg(RR).as(Schemas.MEAN_RECIPROCAL_RANK),
            avg(PCT).as(Schemas.MEAN_PERCENTILE))
        .orderBy(col(Schemas.RUN_ID), col(Schemas.MODEL_VERSION), col(Schemas.PROTOCOL), col(Schemas.STEP));

    Dataset<Row> perSketch = queries
        .groupBy(col(Schemas.RUN_ID), col(Schemas.MODEL_VERSION), col(Schemas.PROTOCOL), col(Schemas.SKETCH_ID))
        .agg(avg(RR).as(M_B), avg(PCT).as(M_A),
            count(lit(1)).as(ROWS),
            countDistinct(col(Schemas.STEP)).as(STEPS),
            sum(when(col(LAST), 1L).otherwise(0L)).as(LAST_ROWS),
            max(when(col(LAST), col(HIT1))).as(HIT1),
            max(when(col(LAST), col(HIT5))).as(HIT5),
            max(when(col(LAST), col(HIT10))).as(HIT10),
            min(g).as(Schemas.GALLERY_SIZE_MIN),
            max(g).as(Schemas.GALLERY_SIZE_MAX));
    Dataset<Row> summary = perSketch
        .groupBy(run)
        .agg(avg(M_A).as(Schemas.M_AT_A), avg(M_B).as(Schemas.M_AT_B),
            avg(HIT1).as(Schemas.ACC_AT_1), avg(HIT5).as(Schemas.ACC_AT_5), avg(HIT10).as(Schemas.ACC_AT_10),
            count(lit(1)).as(Schemas.SKETCHES),
            min(Schemas.GALLERY_SIZE_MIN).as(Schemas.GALLERY_SIZE_MIN),
            max(Schemas.GALLERY_SIZE_MAX).as(Schemas.GALLERY_SIZE_MAX),
            sum(when(col(ROWS).notEqual(col(STEPS)).or(col(LAST_ROWS).notEqual(1)), 1L).otherwise(0L)).as(BAD))
        .orderBy(run);

    List<Row> summaryRows = summary.collectAsList();
    if (summaryRows.isEmpty()) {
      List<String> runs = all.select(Schemas.RUN_ID).distinct().orderBy(Schemas.RUN_ID).collectAsList().stream()
          .map(r -> r.getString(0)).collect(Collectors.toList());
      throw new IllegalArgumentException("Results table " + options.resultsPath() + " holds no results"
          + (options.runId() == null ? "" : " for run " + options.runId()) + " (runs present: " + runs
          + "); score sketches first, or pick a run that is there.");
    }
    if (summaryRows.stream().anyMatch(r -> r.getLong(r.fieldIndex(BAD)) > 0)) {
      List<Row> bad = perSketch
          .where(col(ROWS).notEqual(col(STEPS)).or(col(LAST_ROWS).notEqual(1)))
          .select(col(Schemas.RUN_ID), col(Schemas.PROTOCOL), col(Schemas.SKETCH_ID), col(ROWS), col(STEPS))
          .orderBy(Schemas.RUN_ID, Schemas.PROTOCOL, Schemas.SKETCH_ID).limit(5).collectAsList();
      throw new IllegalArgumentException("Cannot report: some sketches repeat a step or lack their last step"
          + " (run, protocol, sketch, rows, distinct steps): " + bad + ". Each (sketch, protocol, step) must be"
          + " scored once: check for repeated sketch ids, or re-run score-sketches for that run.");
    }

    List<StepLine> stepLines = new ArrayList<>();
    for (Row r : steps.collectAsList()) {
      stepLines.add(new StepLine(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getLong(4),
          r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getDouble(10)));
    }
    List<SummaryLine> summaryLines = new ArrayList<>();
    for (Row r : summaryRows) {
      summaryLines.add(new SummaryLine(r.getString(0), r.getString(1), r.getString(2), r.getDouble(3),
          r.getDouble(4), r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getLong(8), r.getInt(9),
          r.getInt(10)));
    }
    Result result = new Result(stepLines, summaryLines);

    // The report is tiny: write it from the collected rows, with exactly the declared schemas.
    String root = options.reportPath().endsWith("/") ? options.reportPath() : options.reportPath() + "/";
    Tables.replaceTable(spark.createDataFrame(stepRows(stepLines), Schemas.REPORT_STEPS).coalesce(1),
        root + STEPS_TABLE);
    Tables.replaceTable(spark.createDataFrame(summaryRows(summaryLines), Schemas.REPORT_SUMMARY).coalesce(1),
        root + SUMMARY_TABLE);
    HadoopFiles.writeText(HadoopFiles.conf(spark), root + TEXT_REPORT, formatTable(result));
    return result;
  }

  /** Folder of the report_steps table under the report path. */
  public static final String STEPS_TABLE = "steps";
  /** Folder of the report_summary table under the report path. */
  public static final String SUMMARY_TABLE = "summary";
  /** File name of the text report under the report path. */
  public static final String TEXT_REPORT = "report.txt";

  private static final String HIT1 = "_hit1";
  private static final String HIT5 = "_hit5";
  private static final String HIT10 = "_hit10";
  private static final String RR = "_rr";
  private static final String PCT = "_pct";
  private static final String LAST = "_last";
  private static final String M_A = "_m_a";
  private static final String M_B = "_m_b";
  private static final String ROWS = "_rows";
  private static final String STEPS = "_steps";
  private static final String LAST_ROWS = "_last_rows";
  private static final String BAD = "_bad_sketches";

  /** The report_steps rows of {@code lines}, in {@link Schemas#REPORT_STEPS} order. */
  static List<Row> stepRows(List<StepLine> lines) {
    List<Row> rows = new ArrayList<>();
    for (StepLine s : lines) {
      rows.add(RowFactory.create(s.runId(), s.modelVersion(), s.protocol(), s.step(), s.queries(),
          s.meanFractionDrawn(), s.acc1(), s.acc5(), s.acc10(), s.meanReciprocalRank(), s.meanPercentile()));
    }
    return rows;
  }

  /** The report_summary rows of {@code lines}, in {@link Schemas#REPORT_SUMMARY} order. */
  static List<Row> summaryRows(List<SummaryLine> lines) {
    List<Row> rows = new ArrayList<>();
    for (SummaryLine s : lines) {
      rows.add(RowFactory.create(s.runId(), s.modelVersion(), s.protocol(), s.mA(), s.mB(), s.acc1(), s.acc5(),
          s.acc10(), s.sketches(), s.gallerySizeMin(), s.gallerySizeMax()));
    }
    return rows;
  }

  /**
   * Renders the report as a readable text table: per (run, model version, protocol) one line per step
   * (step, % of points drawn, queries, acc@1, acc@5, acc@10, mean 1/rank, mean percentile, all x100 with
   * two decimals), then the summary line (m@A, m@B, acc@K of the complete sketch, sketches, gallery sizes).
   */
  public static String formatTable(Result result) {
    StringBuilder out = new StringBuilder();
    for (SummaryLine s : result.summary()) {
      out.append(String.format(Locale.ROOT, "run %s | model %s | protocol %s%n", s.runId(), s.modelVersion(),
          s.protocol()));
      out.append(String.format(Locale.ROOT, "%6s %8s %8s %8s %8s %8s %12s %10s%n", "step", "drawn%", "queries",
          "acc@1", "acc@5", "acc@10", "mean 1/rank", "mean pct"));
      for (StepLine l : result.steps()) {
        if (l.runId().equals(s.runId()) && l.modelVersion().equals(s.modelVersion())
            && l.protocol().equals(s.protocol())) {
          out.append(String.format(Locale.ROOT, "%6d %8.2f %8d %8.2f %8.2f %8.2f %12.2f %10.2f%n", l.step(),
              100 * l.meanFractionDrawn(), l.queries(), 100 * l.acc1(), 100 * l.acc5(), 100 * l.acc10(),
              100 * l.meanReciprocalRank(), 100 * l.meanPercentile()));
        }
      }
      out.append(String.format(Locale.ROOT,
          "summary: m@A %.2f | m@B %.2f | complete sketch acc@1 %.2f, acc@5 %.2f, acc@10 %.2f | %d sketches"
              + " | gallery size %s%n%n",
          100 * s.mA(), 100 * s.mB(), 100 * s.acc1(), 100 * s.acc5(), 100 * s.acc10(), s.sketches(),
          s.gallerySizeMin() == s.gallerySizeMax() ? String.valueOf(s.gallerySizeMin())
              : s.gallerySizeMin() + ".." + s.gallerySizeMax()));
    }
    return out.toString();
  }
}
