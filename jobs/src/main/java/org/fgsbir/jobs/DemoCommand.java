package org.fgsbir.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.jobs.cli.Command;
import org.fgsbir.jobs.cli.Invocation;
import org.fgsbir.jobs.cli.JobCommands;
import org.fgsbir.jobs.cli.JobCommands.Upstream;
import org.fgsbir.jobs.cli.OptionSpec;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.ModelSettings;
import org.fgsbir.jobs.config.Settings;

/**
 * {@code fgsbir demo}: the whole pipeline on the bundled samples in one Spark session: embed the sample
 * catalogue, score the sample sketches (split {@code test}, protocols {@code stroke} and {@code points17}),
 * then report, with the configured model; when that is not the baseline, once more with the baseline
 * embedder beside it (tables under {@code <output.dir>/baseline}), ending with both summaries side by side.
 * {@code --model baseline} runs the baseline alone (whatever other {@code model.*} settings are given). Its inputs and output folder come from {@code conf/demo.properties}
 * (paths under {@code ${fgsbir.home}}, the project root), so every option is optional.
 */
public final class DemoCommand {
  private DemoCommand() {}

  /** The command. */
  public static Command command() {
    return new Command("demo", "Runs embed-catalogue, score-sketches and report on data-samples/.",
        "Runs the whole pipeline on the samples in data-samples/ in one Spark session: embeds the sample "
            + "catalogue, scores the sample sketches of the test split with both protocols (stroke, "
            + "points17) using the configured model (demo.properties: the baseline), then prints the per-step "
            + "report table and the summary. With another model (e.g. --model tensorflow --model-uri DIR) it then "
            + "does the same with the baseline embedder and prints both summaries side by side; --model baseline "
            + "runs the baseline alone. Output goes to out/demo under the project root unless --out is given.",
        "demo.properties",
        List.of(JobCommands.option("--out"), JobCommands.option("--photos"), JobCommands.option("--sketches"),
            JobCommands.option("--split"), JobCommands.option("--protocols"), JobCommands.option("--top-k"),
            JobCommands.option("--run-id"), JobCommands.option("--model"), JobCommands.option("--model-uri")),
        DemoCommand::run);
  }

  private static int run(Invocation invocation) {
    Config config = invocation.config();
    // Everything is resolved and checked before Spark starts. With --model baseline the demo runs the
    // baseline alone (whatever model.* settings demo.properties gives for the learned model); otherwise it
    // runs the configured model, then the baseline beside it into <output.dir>/baseline.
    boolean baselineOnly = ModelSettings.BASELINE.equals(config.get(Settings.MODEL_ENGINE));
    ModelSpec baseline = ModelSettings.baseline(config);
    String runId = JobCommands.runIdOrNew(config);
    List<Pass> passes = new ArrayList<>();
    if (baselineOnly) {
      passes.add(pass(config, runId, baseline, null));
    } else {
      passes.add(pass(config, runId, null, null));
      passes.add(pass(config, runId + "-baseline", baseline, config.get(Settings.OUTPUT_DIR) + "/baseline"));
    }
    List<Object> all = new ArrayList<>();
    passes.forEach(p -> all.addAll(List.of(p.embed(), p.score(), p.report())));
    PrintStream out = invocation.out();
    return JobCommands.runJob(invocation, config, all, spark -> {
      long start = System.nanoTime();
      List<ReportJob.Result> reports = new ArrayList<>();
      for (int i = 0; i < passes.size(); i++) {
        Pass pass = passes.get(i);
        if (i > 0) {
          out.println("=== the baseline embedder beside it (tables under " + pass.tablesDir() + ") ===");
          out.println();
        }
        reports.add(runPass(spark, out, config, pass));
      }
      out.printf("Demo done in %.1f s (run %s). Tables:%n", seconds(start), runId);
      for (Pass pass : passes) {
        out.println("  model " + pass.score().model().version() + ":");
        out.println("    embeddings  " + pass.embed().embeddingsPath());
        out.println("    results     " + pass.score().resultsPath());
        out.println("    rejects     " + pass.embed().rejectsPath() + ", " + pass.score().rejectsPath());
        out.println("    report      " + pass.report().reportPath() + " (report.txt holds the table above)");
      }
      if (reports.size() > 1) {
        out.println();
        out.print(comparison(reports));
      }
      return 0;
    });
  }

  /** One embed + score + report of the samples with one model. */
  record Pass(EmbedCatalogueJob.Options embed, ScoreSketchesJob.Options score, ReportJob.Options report,
      String tablesDir) {}

  private static Pass pass(Config config, String runId, ModelSpec model, String tablesDir) {
    EmbedCatalogueJob.Options embed = JobCommands.embedOptions(config, "demo", model);
    ScoreSketchesJob.Options score = JobCommands.scoreOptions(config, "demo", runId,
        Upstream.WRITTEN_BY_EARLIER_STEP, model);
    ReportJob.Options report = JobCommands.reportOptions(config, runId, Upstream.WRITTEN_BY_EARLIER_STEP);
    if (tablesDir == null) {
      return new Pass(embed, score, report, config.get(Settings.OUTPUT_DIR));
    }
    embed = new EmbedCatalogueJob.Options(embed.photos(), tablesDir + "/embeddings", tablesDir
        + "/rejects/embed-catalogue", embed.model(), embed.batchSize());
    score = new ScoreSketchesJob.Options(score.sketches(), score.sketchFormat(), score.defaultCategory(),
        score.split(), embed.embeddingsPath(), score.modelVersion(), tablesDir + "/results",
        tablesDir + "/rejects/score-sketches", runId, score.model(), score.protocols(), score.topK(),
        score.batchSize());
    report = new ReportJob.Options(score.resultsPath(), runId, tablesDir + "/report");
    return new Pass(embed, score, report, tablesDir);
  }

  private static ReportJob.Result runPass(SparkSession spark, PrintStream out, Config config, Pass pass) {
    out.println("fgsbir demo: catalogue " + pass.embed().photos());
    out.println("             sketches  " + pass.score().sketches() + " (split " + config.raw(Settings.SCORE_SPLIT)
        + ", protocols " + String.join(",", pass.score().protocols()) + ", model "
        + pass.score().model().version() + ")");
    out.println();

    long t = System.nanoTime();
    out.println("[1/3] embed-catalogue");
    EmbedCatalogueJob.Result embedded = EmbedCatalogueJob.run(spark, pass.embed());
    JobCommands.printEmbed(out, embedded, pass.embed());
    out.printf("  (%.1f s)%n%n", seconds(t));

    t = System.nanoTime();
    out.println("[2/3] score-sketches");
    ScoreSketchesJob.Result scored = ScoreSketchesJob.run(spark, pass.score());
    JobCommands.printScore(out, scored, pass.score());
    out.printf("  (%.1f s)%n%n", seconds(t));

    t = System.nanoTime();
    out.println("[3/3] report");
    ReportJob.Result reported = ReportJob.run(spark, pass.report());
    JobCommands.printReport(out, reported, pass.report());
    out.printf("  (%.1f s)%n%n", seconds(t));
    return reported;
  }

  /** The summaries of every pass side by side, one row per model and protocol. */
  static String comparison(List<ReportJob.Result> reports) {
    StringBuilder b = new StringBuilder("Summary, model beside baseline (complete sketch: acc@1, acc@10; over the"
        + " drawing: m@B, m@A):\n");
    b.append(String.format(Locale.ROOT, "  %-10s %-28s %8s %8s %8s %8s %9s%n", "protocol", "model", "acc@1",
        "acc@10", "m@B", "m@A", "sketches"));
    List<ReportJob.SummaryLine> lines = new ArrayList<>();
    reports.forEach(r -> lines.addAll(r.summary()));
    lines.sort(java.util.Comparator.comparing(ReportJob.SummaryLine::protocol));
    for (ReportJob.SummaryLine l : lines) {
      b.append(String.format(Locale.ROOT, "  %-10s %-28s %8.4f %8.4f %8.4f %8.4f %9d%n", l.protocol(),
          l.modelVersion(), l.acc1(), l.acc10(), l.mB(), l.mA(), l.sketches()));
    }
    return b.toString();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
