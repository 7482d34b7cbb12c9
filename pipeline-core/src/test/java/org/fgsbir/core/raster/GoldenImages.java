package org.fgsbir.core.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.ImageTensors;

/**
 * Pixel-exact comparison of 1-channel rasters with 8-bit gray PNGs under
 * {@code pipeline-core/src/test/resources/golden/raster/}. Values are quantised as
 * {@code Math.round(v * 255f)}, the quantisation of {@link ImageTensors#writePng}. A missing golden file
 * is written and the test fails saying so; {@code -Dfgsbir.regenerateGolden=true} rewrites all of them.
 */
final class GoldenImages {

  private GoldenImages() {
  }

  static Path goldenFolder() {
    String root = System.getProperty("fgsbir.project.root");
    assertThat(root)
        .as("system property fgsbir.project.root (set by surefire to the project root)")
        .isNotBlank();
    return Path.of(root).resolve("pipeline-core/src/test/resources/golden/raster");
  }

  static void assertMatchesGolden(String name, ImageTensor actual) throws IOException {
    assertThat(actual.channels()).isEqualTo(1);
    Path golden = goldenFolder().resolve(name + ".png");
    if (Boolean.getBoolean("fgsbir.regenerateGolden")) {
      ImageTensors.writePng(actual, golden);
      return;
    }
    if (!Files.exists(golden)) {
      ImageTensors.writePng(actual, golden);
      fail("golden image " + golden + " was missing; wrote it from the current output. Look at it, commit "
          + "it and rerun");
    }
    BufferedImage expected = ImageIO.read(golden.toFile());
    assertThat(expected).as("decoded golden %s", golden).isNotNull();
    assertThat(expected.getWidth()).as("width of %s", golden).isEqualTo(actual.width());
    assertThat(expected.getHeight()).as("height of %s", golden).isEqualTo(actual.height());
    Raster raster = expected.getRaster();
    assertThat(raster.getNumBands()).as("bands of %s", golden).isEqualTo(1);
    int differing = 0;
    String first = null;
    for (int y = 0; y < actual.height(); y++) {
      for (int x = 0; x < actual.width(); x++) {
        int want = raster.getSample(x, y, 0);
        int got = Math.round(actual.at(0, y, x) * 255f);
        if (want != got) {
          differing++;
          if (first == null) {
            first = "(row " + y + ", col " + x + "): golden " + want + ", rendered " + got;
          }
        }
      }
    }
    if (differing > 0) {
      Path written = Path.of("target", "golden-actual", "raster", name + ".png");
      ImageTensors.writePng(actual, written);
      fail(differing + " pixels differ from " + golden + ", first at " + first + "; the render is in "
          + written.toAbsolutePath() + " (rerun with -Dfgsbir.regenerateGolden=true if the change is "
          + "intended)");
    }
  }
}
