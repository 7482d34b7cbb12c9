package org.fgsbir.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.resource.ResourceUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * deploy/gpu/discover-gpus.sh run for real with a fake nvidia-smi on the PATH, and through Spark's own
 * resource discovery (the code path executors and standalone Workers use).
 */
class GpuDiscoveryScriptTest {

  private static final Path ROOT = Path.of(System.getProperty("fgsbir.project.root"));
  private static final Path SCRIPT = ROOT.resolve("deploy/gpu/discover-gpus.sh");

  @TempDir
  Path dir;

  record Run(int exit, String stdout, String stderr) {}

  /** A fake nvidia-smi that insists on the query the script must make, then prints {@code body}'s output. */
  private Path fakeNvidiaSmi(String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n"
        + "[ \"$*\" = '--query-gpu=index --format=csv,noheader' ] || { echo \"unexpected arguments: $*\" >&2; exit 64; }\n"
        + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private Run run(String path) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString());
    builder.environment().put("PATH", path);
    builder.environment().remove("NVIDIA_SMI");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out).trim(), Files.readString(err).trim());
  }

  @Test
  void scriptIsExecutableAndParses() throws Exception {
    assertThat(Files.isExecutable(SCRIPT)).isTrue();
    Process bash = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).isZero();
  }

  @Test
  void printsTheGpuIndexesAsSparkResourceJson() throws Exception {
    Path bin = fakeNvidiaSmi("echo 0; echo ' 1 '; echo");
    Run run = run(bin + ":/usr/bin:/bin");
    assertThat(run.stderr()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.stdout()).isEqualTo("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}");
    ResourceInformation parsed = ResourceInformation.parseJson(run.stdout());
    assertThat(parsed.name()).isEqualTo("gpu");
    assertThat(parsed.addresses()).containsExactly("0", "1");
  }

  @Test
  void sparkDiscoversTheGpusThroughTheScript() throws Exception {
    Path bin = fakeNvidiaSmi("echo 0; echo 1");
    // Spark runs the discovery script with the JVM's environment: a one-line launcher puts the fake first.
    Path launcher = dir.resolve("discover-with-fake.sh");
    Files.writeString(launcher, "#!/bin/bash\nPATH='" + bin + "':\"$PATH\" exec '" + SCRIPT + "'\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    SparkConf conf = new SparkConf(false)
        .set("spark.executor.resource.gpu.amount", "2")
        .set("spark.executor.resource.gpu.discoveryScript", launcher.toString());

    ResourceInformation gpus = ResourceUtils.getOrDiscoverAllResources(conf, "spark.executor", Option.empty())
        .get("gpu").get();

    assertThat(gpus.addresses()).containsExactly("0", "1");
  }

  @Test
  void sparkRefusesWhenTheNodeHasNoNvidiaSmi() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run run = run(empty.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("nvidia-smi not found on the PATH").contains("spark.executor.resource.gpu.amount=0");
    assertThat(run.stdout()).startsWith("{\"name\":\"gpu\",\"addresses\":[],\"error\":\"nvidia-smi not found");

    Path launcher = dir.resolve("discover-without-smi.sh");
    Files.writeString(launcher, "#!/bin/bash\nPATH='" + empty + "' exec /bin/bash '" + SCRIPT + "'\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    SparkConf conf = new SparkConf(false)
        .set("spark.executor.resource.gpu.amount", "1")
        .set("spark.executor.resource.gpu.discoveryScript", launcher.toString());
    assertThatThrownBy(() -> ResourceUtils.getOrDiscoverAllResources(conf, "spark.executor", Option.empty()))
        // Spark's exception names the exit code (the reason itself goes to the executor's stderr log).
        .hasMessageContaining("discover-without-smi.sh").hasMessageContaining("exited with code 2");
  }

  @Test
  void aFailingNvidiaSmiIsReportedWithItsMessage() throws Exception {
    Path bin = fakeNvidiaSmi("echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver\"; exit 9");
    Run run = run(bin + ":/usr/bin:/bin");
    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.stderr()).contains("failed (exit 9)").contains("couldn't communicate with the NVIDIA driver");
    assertThat(run.stdout()).contains("\"addresses\":[]").contains("\"error\":");
  }

  @Test
  void noGpuOrAnythingButIndexesIsAnError() throws Exception {
    Run none = run(fakeNvidiaSmi("true") + ":/usr/bin:/bin");
    assertThat(none.exit()).isEqualTo(4);
    assertThat(none.stderr()).contains("lists no GPU");

    Run garbage = run(fakeNvidiaSmi("echo 'No devices were found'") + ":/usr/bin:/bin");
    assertThat(garbage.exit()).isEqualTo(4);
    assertThat(garbage.stderr()).contains("'No devices were found' where a GPU index was expected");
  }

  @Test
  void theGpuLayerAndTheWrappersPointAtThisScript() throws IOException {
    List<String> lines = Arrays.asList(Files.readString(ROOT.resolve("deploy/submit/common.sh")).split("\n"));
    assertThat(lines).anyMatch(l -> l.contains("FGSBIR_GPU_DISCOVERY_SCRIPT:=/opt/fgsbir/discover-gpus.sh"));
  }
}
