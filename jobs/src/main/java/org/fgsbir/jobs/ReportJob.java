package org.fgsbir.jobs;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

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

  /** Runs the job. */
  public static Result run(SparkSession spark, Options options) {
    throw new UnsupportedOperationException("report is being implemented");
  }

  /** Renders the report as a readable text table (percentages with two decimals). */
  public static String formatTable(Result result) {
    throw new UnsupportedOperationException("report is being implemented");
  }
}
