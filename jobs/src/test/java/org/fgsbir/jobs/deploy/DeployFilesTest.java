package org.fgsbir.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fgsbir.jobs.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of deploy/ without a cluster: the spark-submit wrappers run for real against a
 * recording fake spark-submit (arguments, --print, the CHANGE-ME guard), the job arguments they and the
 * Kubernetes manifests pass are accepted by the real CLI (--dry-run), the manifests parse as YAML (Spark's
 * snakeyaml) and agree with the images and the GPU script, and every "# EDIT:" marks a value.
 */
class DeployFilesTest {

  private static final Path ROOT = Path.of(System.getProperty("fgsbir.project.root"));
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final List<String> WRAPPERS = List.of("embed-catalogue.sh", "score-sketches.sh", "report.sh", "demo.sh");
  private static final String APP_JAR_IN_IMAGE = "local:///opt/fgsbir/fgsbir-app.jar";
  private static final String GPU_SCRIPT_IN_IMAGE = "/opt/fgsbir/discover-gpus.sh";

  @TempDir
  Path dir;

  record Run(int exit, String stdout, String stderr) {}

  // ---- the wrappers ----------------------------------------------------------------------------------

  @Test
  void everyScriptInDeployParsesWithBashAndWrappersAreExecutable() throws Exception {
    List<Path> scripts;
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      scripts = files.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
    }
    assertThat(scripts).extracting(p -> DEPLOY.relativize(p).toString())
        .contains("submit/common.sh", "submit/embed-catalogue.sh", "submit/score-sketches.sh", "submit/report.sh",
            "submit/demo.sh", "gpu/discover-gpus.sh", "local-cluster.sh");
    for (Path script : scripts) {
      Run run = exec(List.of("bash", "-n", script.toString()), Map.of());
      assertThat(run.exit()).as(script + ": " + run.stderr()).isZero();
    }
    for (String wrapper : WRAPPERS) {
      assertThat(Files.isExecutable(DEPLOY.resolve("submit").resolve(wrapper))).as(wrapper).isTrue();
    }
  }

  @Test
  void embedWithGpusSubmitsTheRightClassConfsAndJobArguments() throws Exception {
    Map<String, String> env = configured();
    env.put("FGSBIR_EXECUTOR_GPUS", "1");
    env.put("FGSBIR_TASK_GPUS", "0.5");
    List<String> args = submitted("embed-catalogue.sh", env, "--batch-size", "256");

    assertThat(option(args, "--master")).isEqualTo("spark://cluster-master:7077");
    assertThat(option(args, "--class")).isEqualTo("org.fgsbir.jobs.Cli");
    assertThat(option(args, "--executor-memory")).isEqualTo("8g");
    Map<String, String> confs = confs(args);
    assertThat(confs).containsEntry("spark.executor.resource.gpu.amount", "1")
        .containsEntry("spark.task.resource.gpu.amount", "0.5")
        .containsEntry("spark.executor.resource.gpu.discoveryScript", GPU_SCRIPT_IN_IMAGE)
        .containsEntry("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2");
    assertJvmOptions(confs.get("spark.driver.extraJavaOptions"));
    assertJvmOptions(confs.get("spark.executor.extraJavaOptions"));
    assertThat(jobArguments(args)).containsExactly("embed-catalogue", "--env", "cluster", "--out", "s3a://bucket/fgsbir",
        "--model", "baseline", "--photos", "s3a://bucket/catalogue/manifest.csv", "--batch-size", "256");
    assertTheCliAccepts(jobArguments(args));
  }

  @Test
  void scoreReportAndDemoSubmitTheirJobs() throws Exception {
    Map<String, String> env = configured();
    env.put("FGSBIR_RUN_ID", "nightly-1");
    env.put("FGSBIR_EXECUTOR_GPUS", "1");

    List<String> score = submitted("score-sketches.sh", env, "--split", "all");
    assertThat(confs(score)).containsEntry("spark.executor.resource.gpu.amount", "1")
        .containsEntry("spark.task.resource.gpu.amount", "1");
    assertThat(jobArguments(score)).containsExactly("score-sketches", "--env", "cluster", "--out", "s3a://bucket/fgsbir",
        "--model", "baseline", "--sketches", "s3a://bucket/sketches/", "--run-id", "nightly-1", "--split", "all");
    assertTheCliAccepts(jobArguments(score));

    // report and demo never ask for GPUs; report takes no --model.
    List<String> report = submitted("report.sh", env);
    assertThat(confs(report)).doesNotContainKeys("spark.executor.resource.gpu.amount", "spark.task.resource.gpu.amount");
    assertThat(jobArguments(report)).containsExactly("report", "--env", "cluster", "--out", "s3a://bucket/fgsbir",
        "--run-id", "nightly-1");
    assertTheCliAccepts(jobArguments(report));

    List<String> demo = submitted("demo.sh", env);
    assertThat(confs(demo)).doesNotContainKey("spark.executor.resource.gpu.amount");
    assertThat(jobArguments(demo)).startsWith("demo", "--env", "cluster", "--out", "s3a://bucket/fgsbir");
    assertTheCliAccepts(jobArguments(demo));
    assertThat(option(demo, "--name")).isEqualTo("fgsbir demo");
  }

  @Test
  void cpuExecutorsGetNoGpuConfsAndTensorflowNeedsAModel() throws Exception {
    Map<String, String> env = configured();
    assertThat(confs(submitted("embed-catalogue.sh", env))).doesNotContainKeys("spark.executor.resource.gpu.amount",
        "spark.task.resource.gpu.amount", "spark.executor.resource.gpu.discoveryScript");

    env.put("FGSBIR_MODEL", "tensorflow");
    Run refused = wrapper("embed-catalogue.sh", env);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.stderr()).contains("FGSBIR_MODEL_URI is not set").contains("SavedModel");
    env.put("FGSBIR_MODEL_URI", "s3a://bucket/models/v3");
    env.put("FGSBIR_EXTRA_JARS", "local:///opt/spark/jars/tensorflow-core-native-1.1.0-linux-x86_64.jar");
    List<String> args = submitted("embed-catalogue.sh", env);
    assertThat(option(args, "--jars")).endsWith("tensorflow-core-native-1.1.0-linux-x86_64.jar");
    assertThat(jobArguments(args)).containsSubsequence("--model", "tensorflow", "--model-uri", "s3a://bucket/models/v3");

    env.put("FGSBIR_EXECUTOR_GPUS", "one");
    Run bad = wrapper("embed-catalogue.sh", env);
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.stderr()).contains("FGSBIR_EXECUTOR_GPUS must be a whole number").contains("'one'");
  }

  @Test
  void changeMeValuesStopTheWrapperBeforeAnythingRuns() throws Exception {
    for (String wrapper : WRAPPERS) {
      Run run = wrapper(wrapper, new HashMap<>(Map.of("SPARK_SUBMIT", fakeSparkSubmit().toString())));
      assertThat(run.exit()).as(wrapper).isEqualTo(2);
      assertThat(run.stderr()).as(wrapper).contains("is not set (value 'CHANGE-ME')").contains("nothing was submitted")
          .containsPattern("FGSBIR_(MASTER|PHOTOS|SKETCHES) is not set");
      assertThat(Files.exists(dir.resolve("argv"))).as(wrapper + " must not call spark-submit").isFalse();
    }
    // One value left: the message names it and its EDIT line.
    Map<String, String> env = configured();
    env.put("FGSBIR_APP_JAR", "CHANGE-ME");
    Run run = wrapper("report.sh", env);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("FGSBIR_APP_JAR is not set").contains("the application jar");
    assertThat(Files.exists(dir.resolve("argv"))).isFalse();
  }

  @Test
  void printShowsTheExactCommandAndRunsNothing() throws Exception {
    Map<String, String> env = configured();
    env.put("FGSBIR_EXECUTOR_GPUS", "2");
    env.put("FGSBIR_TASK_GPUS", "0.25");
    List<String> executed = submitted("embed-catalogue.sh", env, "--set", "model.version=v 3");
    Files.delete(dir.resolve("argv"));

    Run printed = wrapper("embed-catalogue.sh", env, "--print", "--set", "model.version=v 3");
    assertThat(printed.exit()).as(printed.stderr()).isZero();
    assertThat(Files.exists(dir.resolve("argv"))).as("--print must not run spark-submit").isFalse();
    assertThat(printed.stdout()).startsWith(env.get("SPARK_SUBMIT") + " --master spark://cluster-master:7077 ");
    // The printed line, read back by bash, is the command that runs.
    Run words = exec(List.of("bash", "-c", "eval \"words=($1)\"; printf '%s\\n' \"${words[@]}\"", "-", printed.stdout()), Map.of());
    List<String> reparsed = Arrays.asList(words.stdout().split("\n"));
    assertThat(reparsed.subList(1, reparsed.size())).isEqualTo(executed);

    env.put("SPARK_SUBMIT", "echo");
    Run echoed = wrapper("report.sh", env);
    assertThat(echoed.exit()).isZero();
    assertThat(echoed.stdout()).startsWith("--master spark://cluster-master:7077 ").contains("--class org.fgsbir.jobs.Cli");
  }

  @Test
  void everyFgsbirVariableOfTheWrappersHasOneEditLine() throws IOException {
    List<String> lines = Files.readAllLines(DEPLOY.resolve("submit/common.sh"));
    Pattern assignment = Pattern.compile("^: \"\\$\\{((?:FGSBIR|SPARK)_[A-Z_]+):=");
    List<String> variables = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = assignment.matcher(lines.get(i));
      if (m.find()) {
        variables.add(m.group(1));
        assertThat(lines.get(i - 1)).as("the line before " + m.group(1)).matches("# EDIT: \\S.{10,}");
      }
    }
    assertThat(variables).contains("SPARK_SUBMIT", "FGSBIR_MASTER", "FGSBIR_APP_JAR", "FGSBIR_OUT", "FGSBIR_PHOTOS",
        "FGSBIR_SKETCHES", "FGSBIR_EXECUTOR_MEMORY", "FGSBIR_EXECUTOR_CORES", "FGSBIR_EXECUTOR_GPUS",
        "FGSBIR_TASK_GPUS", "FGSBIR_GPU_DISCOVERY_SCRIPT");
    // Every wrapper variable a script reads is one of them.
    for (String wrapper : WRAPPERS) {
      Matcher used = Pattern.compile("\\$\\{?(FGSBIR_[A-Z_]+)").matcher(Files.readString(DEPLOY.resolve("submit").resolve(wrapper)));
      while (used.find()) {
        assertThat(variables).as(wrapper).contains(used.group(1));
      }
    }
  }

  // ---- Kubernetes ------------------------------------------------------------------------------------

  @Test
  void sparkOperatorManifestsParseAndAgreeWithTheImagesAndTheCli() throws Exception {
    Map<String, Object> embed = yaml("k8s/embed-catalogue-gpu.yaml");
    Map<String, Object> score = yaml("k8s/score-sketches.yaml");
    Map<String, Object> nightly = yaml("k8s/nightly-embed.yaml");
    for (Map<String, Object> manifest : List.of(embed, score, nightly)) {
      assertThat(manifest.get("apiVersion")).isEqualTo("sparkoperator.k8s.io/v1beta2");
    }
    assertThat(embed.get("kind")).isEqualTo("SparkApplication");
    assertThat(score.get("kind")).isEqualTo("SparkApplication");
    assertThat(nightly.get("kind")).isEqualTo("ScheduledSparkApplication");

    Map<String, Object> nightlySpec = map(nightly, "spec");
    assertThat(nightlySpec.get("concurrencyPolicy")).isEqualTo("Forbid");
    assertThat((String) nightlySpec.get("schedule")).matches("(\\S+ ){4}\\S+");
    // The nightly run is the embed application, field for field.
    assertThat(map(nightlySpec, "template")).isEqualTo(map(embed, "spec"));

    for (Map<String, Object> spec : List.of(map(embed, "spec"), map(score, "spec"))) {
      assertThat(spec).containsEntry("type", "Java").containsEntry("mode", "cluster")
          .containsEntry("mainClass", "org.fgsbir.jobs.Cli").containsEntry("mainApplicationFile", APP_JAR_IN_IMAGE)
          .containsEntry("sparkVersion", "4.2.0");
      Map<String, Object> conf = map(spec, "sparkConf");
      assertJvmOptions((String) conf.get("spark.driver.extraJavaOptions"));
      assertJvmOptions((String) conf.get("spark.executor.extraJavaOptions"));
      assertThat(conf).containsEntry("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2");
      @SuppressWarnings("unchecked")
      List<String> arguments = (List<String>) spec.get("arguments");
      assertTheCliAccepts(arguments);
    }

    // GPU executors: the pod's nvidia.com/gpu limit matches Spark's executor amount, and the discovery
    // script is where the GPU image puts it.
    Map<String, Object> embedSpec = map(embed, "spec");
    Map<String, Object> conf = map(embedSpec, "sparkConf");
    Map<String, Object> gpu = map(map(embedSpec, "executor"), "gpu");
    assertThat(gpu.get("name")).isEqualTo("nvidia.com/gpu");
    assertThat(String.valueOf(gpu.get("quantity"))).isEqualTo(conf.get("spark.executor.resource.gpu.amount"));
    assertThat(conf).containsEntry("spark.executor.resource.gpu.discoveryScript", GPU_SCRIPT_IN_IMAGE)
        .containsEntry("spark.executor.resource.gpu.vendor", "nvidia.com");
    double perTask = Double.parseDouble((String) conf.get("spark.task.resource.gpu.amount"));
    int cores = ((Number) map(embedSpec, "executor").get("cores")).intValue();
    assertThat(cores).as("executor cores = GPUs / task share").isEqualTo((int) Math.round(
        Double.parseDouble((String) conf.get("spark.executor.resource.gpu.amount")) / perTask));
    assertThat((String) embedSpec.get("image")).endsWith("-gpu");
    assertThat(map(score, "spec").get("sparkConf").toString()).doesNotContain("resource.gpu");
  }

  // ---- images and YARN -------------------------------------------------------------------------------

  @Test
  void imagesPutTheJarTheNativesAndTheGpuScriptWhereTheManifestsLook() throws IOException {
    String cpu = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
    String gpu = Files.readString(DEPLOY.resolve("docker/Dockerfile.gpu"));
    String jarInImage = APP_JAR_IN_IMAGE.substring("local://".length());
    for (String dockerfile : List.of(cpu, gpu)) {
      assertThat(dockerfile).contains("/fgsbir-app.jar " + jarInImage).contains("spark-$SPARK_VERSION-bin-hadoop3.tgz")
          .contains("ARG SPARK_VERSION=4.2.0").contains("ENTRYPOINT [\"/opt/entrypoint.sh\"]").contains("NOT BUILT");
    }
    assertThat(cpu).contains("FROM eclipse-temurin:17-jre").contains("tensorflow-core-native:1.1.0:jar:linux-x86_64 ");
    assertThat(gpu).contains("FROM ${CUDA_IMAGE}").contains("tensorflow-core-native:1.1.0:jar:linux-x86_64-gpu")
        .contains("COPY deploy/gpu/discover-gpus.sh " + GPU_SCRIPT_IN_IMAGE);
    String jobsPom = Files.readString(ROOT.resolve("jobs/pom.xml"));
    assertThat(jobsPom).contains("<tensorflow.version>1.1.0</tensorflow.version>");
  }

  @Test
  void yarnDefaultsAreSparkPropertiesWithTheGpuMapping() throws IOException {
    Properties conf = new Properties();
    conf.load(new StringReader(Files.readString(DEPLOY.resolve("yarn/spark-defaults.conf"))));
    assertThat(conf.stringPropertyNames()).allMatch(key -> key.startsWith("spark."));
    assertThat(conf.getProperty("spark.master")).isEqualTo("yarn");
    assertThat(conf.getProperty("spark.executor.resource.gpu.discoveryScript")).isEqualTo(GPU_SCRIPT_IN_IMAGE);
    assertThat(Double.parseDouble(conf.getProperty("spark.task.resource.gpu.amount"))).isPositive();
    assertThat(Integer.parseInt(conf.getProperty("spark.executor.cores"))).isEqualTo((int) Math.round(
        Double.parseDouble(conf.getProperty("spark.executor.resource.gpu.amount"))
            / Double.parseDouble(conf.getProperty("spark.task.resource.gpu.amount"))));
    assertJvmOptions(conf.getProperty("spark.driver.extraJavaOptions"));
    assertJvmOptions(conf.getProperty("spark.executor.extraJavaOptions"));
    assertThat(Files.readString(DEPLOY.resolve("yarn/spark-defaults.conf"))).contains("yarn.io/gpu");
  }

  @Test
  void everyEditMarkerSitsOnAValue() throws IOException {
    // YAML: a trailing comment on a "key: value" or "- value" line.
    for (String file : List.of("k8s/embed-catalogue-gpu.yaml", "k8s/score-sketches.yaml", "k8s/nightly-embed.yaml")) {
      int marked = 0;
      for (String line : Files.readAllLines(DEPLOY.resolve(file))) {
        if (isMarker(line)) {
          marked++;
          assertThat(line).as(file).matches("\\s*(- \\S.*|[A-Za-z.\"/0-9-]+: \\S.*) # EDIT: \\S.{10,}");
        }
      }
      assertThat(marked).as(file).isGreaterThanOrEqualTo(8);
    }
    // Line-before files: "# EDIT: ..." followed by the value it is about.
    Map<String, String> valueLine = Map.of(
        "submit/common.sh", ": \"\\$\\{[A-Z_]+:=.*\\}\"",
        "docker/Dockerfile", "ARG [A-Z0-9_]+=.*",
        "docker/Dockerfile.gpu", "ARG [A-Z0-9_]+=.*",
        "yarn/spark-defaults.conf", "spark\\.[A-Za-z0-9.]+\\s+\\S.*");
    for (Map.Entry<String, String> file : valueLine.entrySet()) {
      List<String> lines = Files.readAllLines(DEPLOY.resolve(file.getKey()));
      int marked = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (isMarker(lines.get(i))) {
          marked++;
          assertThat(lines.get(i)).as(file.getKey()).matches("# EDIT: \\S.{10,}");
          assertThat(lines.get(i + 1)).as(file.getKey() + " after " + lines.get(i)).matches(file.getValue());
        }
      }
      assertThat(marked).as(file.getKey()).isGreaterThanOrEqualTo(2);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private static final Pattern MARKER = Pattern.compile("(^|\\s)# EDIT: ");

  /** An "# EDIT:" comment (not a header line quoting it as "# EDIT:", nor code that reads the markers). */
  private static boolean isMarker(String line) {
    return MARKER.matcher(line).find();
  }

  /** Every value a person must change, set; SPARK_SUBMIT is the recording fake. */
  private Map<String, String> configured() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_SUBMIT", fakeSparkSubmit().toString());
    env.put("FGSBIR_MASTER", "spark://cluster-master:7077");
    env.put("FGSBIR_APP_JAR", "s3a://bucket/jars/fgsbir-app.jar");
    env.put("FGSBIR_OUT", "s3a://bucket/fgsbir");
    env.put("FGSBIR_PHOTOS", "s3a://bucket/catalogue/manifest.csv");
    env.put("FGSBIR_SKETCHES", "s3a://bucket/sketches/");
    return env;
  }

  /** A spark-submit that writes its arguments, one a line, to {@code dir/argv}. */
  private Path fakeSparkSubmit() throws IOException {
    Path fake = dir.resolve("spark-submit");
    if (!Files.exists(fake)) {
      Files.writeString(fake, "#!/bin/bash\nprintf '%s\\n' \"$@\" > '" + dir.resolve("argv") + "'\n");
      Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return fake;
  }

  private List<String> submitted(String wrapper, Map<String, String> env, String... args) throws Exception {
    Run run = wrapper(wrapper, env, args);
    assertThat(run.exit()).as(wrapper + ": " + run.stderr()).isZero();
    return Files.readAllLines(dir.resolve("argv"));
  }

  private Run wrapper(String wrapper, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(DEPLOY.resolve("submit").resolve(wrapper).toString()));
    command.addAll(Arrays.asList(args));
    return exec(command, env);
  }

  /** Runs a command with a clean environment (PATH, HOME and {@code env} only). */
  private Run exec(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("FGSBIR_") || key.startsWith("SPARK_"));
    environment.putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    assertThat(i).as(name + " in " + args).isNotNegative();
    return args.get(i + 1);
  }

  /** The --conf key=value pairs before the application jar. */
  private static Map<String, String> confs(List<String> args) {
    Map<String, String> confs = new HashMap<>();
    for (int i = 0; i < jarIndex(args); i++) {
      if (args.get(i).equals("--conf")) {
        String[] pair = args.get(i + 1).split("=", 2);
        confs.put(pair[0], pair[1]);
      }
    }
    return confs;
  }

  private static int jarIndex(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).endsWith("fgsbir-app.jar") && !args.get(i - 1).startsWith("--")) {
        return i;
      }
    }
    throw new AssertionError("no application jar in " + args);
  }

  private static List<String> jobArguments(List<String> args) {
    return args.subList(jarIndex(args) + 1, args.size());
  }

  /** The JDK 17 opens of the parent pom, the Vector API module, headless AWT and offline DJL. */
  private static void assertJvmOptions(String options) throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher opens = Pattern.compile("<spark\\.jvm\\.opens>([^<]*)</spark\\.jvm\\.opens>").matcher(pom);
    assertThat(opens.find()).isTrue();
    Matcher modules = Pattern.compile("<vector\\.jvm\\.modules>([^<]*)</vector\\.jvm\\.modules>").matcher(pom);
    assertThat(modules.find()).isTrue();
    List<String> words = Arrays.asList(options.split("\\s+"));
    assertThat(words).containsAll(Arrays.asList(opens.group(1).trim().split("\\s+")))
        .contains(modules.group(1).trim(), "-Dai.djl.offline=true", "-Djava.awt.headless=true");
  }

  /** The job's own arguments pass the real CLI's parsing and validation (--dry-run: no Spark). */
  private void assertTheCliAccepts(List<String> jobArguments) {
    List<String> args = new ArrayList<>(jobArguments);
    args.add("--dry-run");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(args + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Would run with");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) throws IOException {
    Object parsed = new Yaml().load(Files.readString(DEPLOY.resolve(file)));
    assertThat(parsed).as(file).isInstanceOf(Map.class);
    return (Map<String, Object>) parsed;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
