package org.fgsbir.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTensorsTest {

  @TempDir
  Path dir;

  @Test
  void grayTensorRoundTripsThroughAPngFile() throws Exception {
    float[] data = new float[4 * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = i / 11f;
    }
    ImageTensor t = new ImageTensor(1, 3, 4, data);
    Path file = dir.resolve("sub/gray.png");
    ImageTensors.writePng(t, file);
    BufferedImage read = ImageIO.read(file.toFile());
    assertThat(read.getWidth()).isEqualTo(4);
    assertThat(read.getHeight()).isEqualTo(3);
    assertThat(read.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(read.getRaster().getSample(x, y, 0)).isEqualTo(Math.round(t.at(0, y, x) * 255f));
      }
    }
    ImageTensor back = ImageTensors.fromBufferedImage(read);
    assertThat(back.channels()).isEqualTo(3);
    assertThat(back.at(2, 1, 2)).isEqualTo(Math.round(t.at(0, 1, 2) * 255f) / 255f);
  }

  @Test
  void rgbTensorRoundTripsThroughABufferedImage() {
    float[] data = new float[3 * 2 * 2];
    Arrays.fill(data, 0, 4, 1f); // red plane
    Arrays.fill(data, 4, 8, 0.4f); // green plane
    ImageTensor t = new ImageTensor(3, 2, 2, data);
    BufferedImage image = ImageTensors.toBufferedImage(t);
    assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF6600);
    assertThat(ImageTensors.fromBufferedImage(image).data()).containsExactly(
        1f, 1f, 1f, 1f, 0.4f, 0.4f, 0.4f, 0.4f, 0f, 0f, 0f, 0f);
  }

  @Test
  void valuesOutsideTheUnitRangeAndOddChannelCountsAreRefused() {
    assertThatThrownBy(() -> ImageTensors.toBufferedImage(new ImageTensor(1, 1, 2, new float[] {0.5f, -0.1f})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-0.1 at index 1 is outside [0, 1]");
    assertThatThrownBy(() -> ImageTensors.toBufferedImage(new ImageTensor(1, 1, 1, new float[] {Float.NaN})))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageTensors.toBufferedImage(new ImageTensor(2, 1, 1, new float[] {0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2-channel");
  }

  @Test
  void fromBufferedImageReadsGrayWithoutGammaShift() {
    BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(0, 0, 0, 128);
    assertThat(ImageTensors.fromBufferedImage(gray).data()).containsOnly(128 / 255f);
  }
}
