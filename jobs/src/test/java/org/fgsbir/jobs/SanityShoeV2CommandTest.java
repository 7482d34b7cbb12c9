package org.fgsbir.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fgsbir sanity-shoev2} on a few of the real Shoe-V2 photos (read in place), through the real CLI. */
class SanityShoeV2CommandTest {
  private static final Path PHOTOS = Path.of(System.getProperty("fgsbir.project.root"))
      .resolve("../shared/external-data/qmul-shoev2-photos-subset").normalize();

  @TempDir
  Path temp;

  private String out = "";
  private String err = "";

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args, po, pe, Map.of(), System.getProperty("fgsbir.project.root"));
    }
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void runsOnAFewRealPhotosAndWritesTheTable() throws IOException {
    assumeTrue(Files.isDirectory(PHOTOS), "Shoe-V2 photo subset not present at " + PHOTOS);
    Path outDir = temp.resolve("out");
    int code = run("sanity-shoev2", "--limit", "5", "--out", outDir.toString());
    assertThat(code).as(err).isEqualTo(Cli.OK);
    String version = BaselineEmbedder.spec().version();
    assertThat(out).contains("sanity-shoev2: 5 photos from " + PHOTOS + ", 10 pseudo-sketches (2 per photo, seed 17)")
        .contains("a sanity check, not human sketches")
        .containsPattern("  " + version + " +points17 +[0-9.]+ +100\\.00 +[0-9.]+ +170\n")
        .containsPattern("  " + version + " +stroke +[0-9.]+ +100\\.00 +[0-9.]+ +[0-9]+\n")
        .contains("gallery of 5 photos");
    List<String> csv = Files.readAllLines(outDir.resolve("sanity-shoev2.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(0)).isEqualTo("model,protocol,photos,sketches_per_photo,seed,acc_at_1,acc_at_10,m_at_b,m_at_a,"
        + "queries");
    assertThat(csv.get(1)).startsWith(version + ",points17,5,2,17,").endsWith(",170");
    assertThat(csv.get(2)).startsWith(version + ",stroke,5,2,17,");

    // The same seed traces the same sketches, so a second run gives the same numbers.
    Path again = temp.resolve("again");
    assertThat(run("sanity-shoev2", "--limit", "5", "--out", again.toString())).isEqualTo(Cli.OK);
    assertThat(Files.readAllLines(again.resolve("sanity-shoev2.csv"))).isEqualTo(csv);
  }

  @Test
  void aMissingPhotoFolderIsAConfigurationError() {
    int code = run("sanity-shoev2", "--photos", temp.resolve("nowhere").toString(), "--out", temp.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err).contains("input.photos = '" + temp.resolve("nowhere") + "'")
        .contains("is not a folder; pass --photos DIR with the Shoe-V2 photos (<photo_id>.png).");
  }
}
