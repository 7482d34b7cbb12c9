package org.fgsbir.jobs;

import java.io.PrintStream;
import java.util.List;
import org.fgsbir.jobs.cli.Command;
import org.fgsbir.jobs.cli.Invocation;
import org.fgsbir.jobs.cli.JobCommands;
import org.fgsbir.jobs.cli.JobCommands.Upstream;
import org.fgsbir.jobs.cli.OptionSpec;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.Settings;

/**
 * {@code fgsbir demo}: the whole pipeline on the bundled samples in one Spark session: embed the sample
 * catalogue, score the sample sketches (split {@code test}, protocols {@code stroke} and {@code points17},
 * baseline model), then report. Its inputs and output folder come from {@code conf/demo.properties}
 * (paths under {@code ${fgsbir.home}}, the project root), so every option is optional.
 */
public final class DemoCommand {
  private DemoCommand() {}

  /** The command. */
  public static Command command() {
    return new Command("demo", "Runs embed-catalogue, score-sketches and report on data-samples/.",
        "Runs the whole pipeline on the samples in data-samples/ in one Spark session: embeds the sample "
            + "catalogue, scores the sample sketches of the test split with both protocols (stroke, "
            + "points17) using the baseline model, then prints the per-step report table and the summary. "
            + "Output goes to out/demo under the project root unless --out is given.",
        "demo.properties",
        List.of(JobCommands.option("--out"), JobCommands.option("--photos"), JobCommands.option("--sketches"),
            JobCommands.option("--split"), JobCommands.option("--protocols"), JobCommands.option("--top-k"),
            JobCommands.option("--run-id"), JobCommands.option("--model"), JobCommands.option("--model-uri")),
        DemoCommand::run);
  }

  private static int run(Invocation invocation) {
    Config config = invocation.config();
    // Everything is resolved and checked before Spark starts.
    EmbedCatalogueJob.Options embed = JobCommands.embedOptions(config, "demo");
    String runId = JobCommands.runIdOrNew(config);
    ScoreSketchesJob.Options score = JobCommands.scoreOptions(config, "demo", runId, Upstream.WRITTEN_BY_EARLIER_STEP);
    ReportJob.Options report = JobCommands.reportOptions(config, runId, Upstream.WRITTEN_BY_EARLIER_STEP);
    PrintStream out = invocation.out();
    return JobCommands.runJob(invocation, config, List.of(embed, score, report), spark -> {
      long start = System.nanoTime();
      out.println("fgsbir demo: catalogue " + embed.photos());
      out.println("             sketches  " + score.sketches() + " (split " + config.raw(Settings.SCORE_SPLIT)
          + ", protocols " + String.join(",", score.protocols()) + ", model " + score.model().version() + ")");
      out.println();

      long t = System.nanoTime();
      out.println("[1/3] embed-catalogue");
      EmbedCatalogueJob.Result embedded = EmbedCatalogueJob.run(spark, embed);
      JobCommands.printEmbed(out, embedded, embed);
      out.printf("  (%.1f s)%n%n", seconds(t));

      t = System.nanoTime();
      out.println("[2/3] score-sketches");
      ScoreSketchesJob.Result scored = ScoreSketchesJob.run(spark, score);
      JobCommands.printScore(out, scored, score);
      out.printf("  (%.1f s)%n%n", seconds(t));

      t = System.nanoTime();
      out.println("[3/3] report");
      ReportJob.Result reported = ReportJob.run(spark, report);
      JobCommands.printReport(out, reported, report);
      out.printf("  (%.1f s)%n%n", seconds(t));

      out.printf("Demo done in %.1f s (run %s). Tables:%n", seconds(start), runId);
      out.println("  embeddings  " + embed.embeddingsPath());
      out.println("  results     " + score.resultsPath());
      out.println("  rejects     " + embed.rejectsPath() + ", " + score.rejectsPath());
      out.println("  report      " + report.reportPath() + " (report.txt holds the table above)");
      return 0;
    });
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
