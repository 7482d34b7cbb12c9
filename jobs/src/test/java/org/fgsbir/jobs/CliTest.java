package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.fgsbir.jobs.cli.Command;
import org.fgsbir.jobs.cli.CommonOptions;
import org.fgsbir.jobs.cli.OptionSpec;
import org.fgsbir.jobs.config.DefaultsFile;
import org.fgsbir.jobs.config.Setting;
import org.fgsbir.jobs.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without Spark: help, usage and configuration errors, exit codes, --dry-run. */
class CliTest {

  @TempDir
  Path temp;

  private String out = "";
  private String err = "";

  private int run(Map<String, String> environment, String home, String... args) {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args, o, e, environment, home);
    }
    out = outBytes.toString(StandardCharsets.UTF_8);
    err = errBytes.toString(StandardCharsets.UTF_8);
    return code;
  }

  /** Runs with the project's conf folder, as bin/fgsbir does. */
  private int run(String... args) {
    return run(Map.of(), System.getProperty("fgsbir.project.root"), args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("help")).isEqualTo(Cli.OK);
    for (String name : List.of("demo", "embed-catalogue", "score-sketches", "report", "sanity-shoev2", "generate-samples", "train", "help")) {
      assertThat(out).contains("  " + name + " ");
    }
    assertThat(run("--help")).isEqualTo(Cli.OK);
    assertThat(out).startsWith("Usage: fgsbir <command> [options]");
  }

  @Test
  void everyCommandsHelpShowsEveryOptionWithItsSettingAndTheCommonOptions() {
    for (Command command : Cli.commands()) {
      assertThat(run(command.name(), "--help")).as(command.name()).isEqualTo(Cli.OK);
      String help = out;
      assertThat(help).startsWith("Usage: fgsbir " + command.name() + " [options]");
      assertThat(command.options()).isNotEmpty();
      for (OptionSpec option : command.options()) {
        assertThat(help).contains("\n  " + option.flag() + (option.takesValue() ? " " + option.valueName() : ""));
        assertThat(help).contains("[" + option.setting().name() + " = ");
      }
      for (OptionSpec option : CommonOptions.ALL) {
        assertThat(help).contains("\n  " + option.flag());
      }
      assertThat(help).contains(command.jobFile());
      assertThat(run("help", command.name())).isEqualTo(Cli.OK);
      assertThat(out).isEqualTo(help);
    }
  }

  @Test
  void demoHelpShowsTheValuesFromDemoProperties() {
    assertThat(run("demo", "-h")).isEqualTo(Cli.OK);
    String root = Path.of(System.getProperty("fgsbir.project.root")).toAbsolutePath().normalize().toString();
    assertThat(out).contains("[input.photos = " + root + "/data-samples/catalogue/manifest.csv (from ");
    assertThat(out).contains("demo.properties:");
  }

  @Test
  void helpSettingsListsEveryKey() {
    assertThat(run("help", "settings")).isEqualTo(Cli.OK);
    for (Setting<?> setting : Settings.all()) {
      assertThat(out).contains(DefaultsFile.assignment(setting) + "\n");
    }
  }

  @Test
  void generateSamplesIsPassedToTheGenerator() {
    assertThat(run("generate-samples", "--help")).isEqualTo(Cli.OK);
    assertThat(out).contains("--instances-per-category");
    assertThat(run("help", "generate-samples")).isEqualTo(Cli.OK);
    assertThat(out).contains("--instances-per-category");
    assertThat(run("generate-samples", "--bogus")).isEqualTo(Cli.USAGE);
    assertThat(err).contains("Unknown argument '--bogus'");
  }

  @Test
  void trainIsPassedToTheTrainer() {
    assertThat(run("train", "--help")).isEqualTo(Cli.OK);
    assertThat(out).contains("Usage: fgsbir train --data DIR --output DIR");
    assertThat(run("help", "train")).isEqualTo(Cli.OK);
    assertThat(out).contains("--partial");
    assertThat(run("train", "--bogus")).isEqualTo(Cli.USAGE);
    assertThat(err).contains("train: unknown or incomplete option '--bogus'");
  }

  @Test
  void noArgumentsPrintsTheOverviewAndExitsTwo() {
    assertThat(run()).isEqualTo(Cli.USAGE);
    assertThat(err).startsWith("Usage: fgsbir");
    assertThat(out).isEmpty();
  }

  @Test
  void unknownCommandIsOneLineWithTheCommands() {
    assertThat(run("scor-sketches")).isEqualTo(Cli.USAGE);
    assertThat(err).isEqualTo("fgsbir scor-sketches: unknown command 'scor-sketches'; did you mean score-sketches? "
        + "commands: demo, embed-catalogue, score-sketches, report, sanity-shoev2, generate-samples, train, bench, help (see 'fgsbir help')\n");
  }

  @Test
  void usageErrorsExitTwoWithOneLineAndNoStackTraceUnlessVerbose() {
    assertThat(run("report", "--topk", "3")).isEqualTo(Cli.USAGE);
    assertThat(err.lines()).hasSize(1);
    assertThat(err).startsWith("fgsbir report: unknown option --topk for report; ")
        .endsWith("(see 'fgsbir report --help')\n");

    assertThat(run("report", "--topk", "3", "--verbose")).isEqualTo(Cli.USAGE);
    assertThat(err.lines().count()).isGreaterThan(1);
    assertThat(err).contains("at org.fgsbir.jobs.cli.ParsedArgs");
  }

  @Test
  void badValueExitsTwoNamingKeyValueAndAllowed() {
    assertThat(run("score-sketches", "--top-k", "0")).isEqualTo(Cli.USAGE);
    assertThat(err).isEqualTo("fgsbir score-sketches: Bad value for score.top-k: '0' (from --top-k); allowed: an "
        + "integer from 1 to 1000.\n");
  }

  @Test
  void unknownKeyInAConfFileExitsTwoListingTheKnownKeys() throws IOException {
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Files.writeString(conf.resolve("report.properties"), "# report\nreport.format = html\n");
    assertThat(run("report", "--conf-dir", conf.toString())).isEqualTo(Cli.USAGE);
    assertThat(err).startsWith("fgsbir report: Unknown setting 'report.format' (from " + conf.resolve(
        "report.properties") + ":2). Known settings: output.dir, ");
    assertThat(err.lines()).hasSize(1);
  }

  @Test
  void missingRequiredInputExitsTwoSayingHowToSetIt() {
    assertThat(run(Map.of(), temp.toString(), "score-sketches")).isEqualTo(Cli.USAGE);
    assertThat(err).startsWith("fgsbir score-sketches: score-sketches needs input.sketches (")
        .contains("pass --sketches PATH or set input.sketches in a conf file.");

    Path missing = temp.resolve("nope.ndjson");
    assertThat(run(Map.of(), temp.toString(), "score-sketches", "--sketches", missing.toString())).isEqualTo(Cli.USAGE);
    assertThat(err).contains("input.sketches " + missing + " does not exist (from --sketches)");
  }

  @Test
  void scoringNeedsTheEmbeddingsOfAnEarlierRun() throws IOException {
    Path sketches = Files.writeString(temp.resolve("s.ndjson"), "{}\n");
    assertThat(run(Map.of(), temp.toString(), "score-sketches", "--sketches", sketches.toString(), "--out",
        temp.resolve("o").toString())).isEqualTo(Cli.USAGE);
    assertThat(err).contains("tables.embeddings " + temp.resolve("o/embeddings") + " does not exist")
        .contains("run embed-catalogue first");
  }

  @Test
  void dryRunShowsEachValueWithItsOriginAndStartsNoSpark() throws IOException {
    Path conf = Files.createDirectories(temp.resolve("conf"));
    Files.writeString(conf.resolve("defaults.properties"), "embed.batch-size = 4\nscore.top-k = 3\n");
    Files.writeString(conf.resolve("embed-catalogue.properties"), "embed.batch-size = 8\n");
    Path manifest = Files.writeString(temp.resolve("manifest.csv"), "photo_id,category,split,path\n");

    int code = run(Map.of("FGSBIR_CONF_DIR", conf.toString()), temp.toString(), "embed-catalogue", "--photos",
        manifest.toString(), "--out", temp.resolve("o").toString(), "--set", "score.top-k=2", "--dry-run",
        "--master", "local[2]", "--conf", "spark.executor.memory=1g");

    assertThat(code).as(err).isEqualTo(Cli.OK);
    assertThat(out).containsPattern("embed\\.batch-size += 8 +\\[" + conf.resolve("embed-catalogue.properties")
        + ":1]");
    assertThat(out).containsPattern("score\\.top-k += 2 +\\[--set score\\.top-k]");
    assertThat(out).containsPattern("score\\.batch-size += 64 +\\[default]");
    assertThat(out).containsPattern("tables\\.embeddings += " + temp.resolve("o") + "/embeddings +\\[default]");
    assertThat(out).contains("spark.master=local[2]").contains("spark.executor.memory=1g");
    assertThat(out).contains("Would run with Options[photos=" + manifest + ", embeddingsPath="
        + temp.resolve("o/embeddings") + ", rejectsPath=" + temp.resolve("o/rejects/embed-catalogue"));
    assertThat(out).contains("batchSize=8]");
  }

  @Test
  void demoDryRunResolvesTheSamplesUnderTheProjectRoot() throws IOException {
    Path home = temp.resolve("project");
    Files.createDirectories(home.resolve("data-samples/catalogue"));
    Files.createDirectories(home.resolve("data-samples/sketches"));
    Files.writeString(home.resolve("data-samples/catalogue/manifest.csv"), "photo_id,category,split,path\n");
    Files.writeString(home.resolve("data-samples/sketches/sketches.ndjson"), "\n");
    Path conf = Path.of(System.getProperty("fgsbir.project.root"), "conf");

    assertThat(run(Map.of(), home.toString(), "demo", "--conf-dir", conf.toString(), "--dry-run", "--run-id", "r1"))
        .as(err).isEqualTo(Cli.OK);
    assertThat(out).containsPattern("output\\.dir += " + home + "/out/demo +\\[" + conf + "/demo.properties:\\d+]");
    assertThat(out).contains("split=test").contains("protocols=[stroke, points17]").contains("runId=r1");
    assertThat(out).contains("Options[resultsPath=" + home + "/out/demo/results, runId=r1, reportPath=" + home
        + "/out/demo/report]");
  }

  @Test
  void failuresAreDescribedByTheirDeepestCauseOnOneLine() {
    Exception wrapped = new SparkException("Job aborted due to stage failure: Task 0 failed\nDriver stacktrace:",
        new RuntimeException("wrapper", new java.io.FileNotFoundException("/x/a.png (No such file)\nmore")));
    assertThat(Cli.describe(wrapped)).isEqualTo("FileNotFoundException: /x/a.png (No such file)");
    assertThat(Cli.describe(new IllegalArgumentException("photos.csv:3: no photo_id; add one")))
        .isEqualTo("photos.csv:3: no photo_id; add one");
    assertThat(Cli.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
  }
}
