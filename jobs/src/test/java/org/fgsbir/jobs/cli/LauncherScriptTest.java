package org.fgsbir.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** bin/fgsbir without running it (running it needs a build; the demo run covers that). */
class LauncherScriptTest {

  private static final Path ROOT = Path.of(System.getProperty("fgsbir.project.root"));
  private static final Path SCRIPT = ROOT.resolve("bin/fgsbir");

  @Test
  void scriptIsExecutableBashThatParses() throws IOException, InterruptedException {
    assertThat(Files.isExecutable(SCRIPT)).isTrue();
    String text = Files.readString(SCRIPT, StandardCharsets.UTF_8);
    assertThat(text).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
    Process bash = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }

  @Test
  void scriptPassesTheParentPomsOpensAndTheMainClass() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher opens = Pattern.compile("<spark\\.jvm\\.opens>([^<]*)</spark\\.jvm\\.opens>").matcher(pom);
    assertThat(opens.find()).isTrue();
    List<String> pomOpens = Arrays.asList(opens.group(1).trim().split("\\s+"));
    String script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
    List<String> scriptOpens = Pattern.compile("--add-opens=\\S+").matcher(script).results()
        .map(m -> m.group()).toList();
    assertThat(scriptOpens).containsExactlyInAnyOrderElementsOf(pomOpens);
    Matcher modules = Pattern.compile("<vector\\.jvm\\.modules>([^<]*)</vector\\.jvm\\.modules>").matcher(pom);
    assertThat(modules.find()).isTrue();
    assertThat(script).contains(modules.group(1).trim());
    assertThat(script).contains("org.fgsbir.jobs.Cli").contains("-Dfgsbir.home=")
        .contains("-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties")
        .contains("fgsbir-jobs.jar").contains("launcher-classpath.txt")
        .contains("FGSBIR_DRIVER_MEMORY:-2g").contains("JAVA_OPTS").contains("SPARK_LOCAL_IP:-127.0.0.1");
    assertThat(Files.exists(ROOT.resolve("conf/log4j2.properties"))).isTrue();
  }
}
