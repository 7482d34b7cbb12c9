package org.fgsbir.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interleaved-byte fast path agrees with the general conversion paths, pixel for pixel. */
class SrgbPixelsTest {

  @Test
  void byteInterleavedArgbMatchesPackedIntArgb() {
    Random random = new Random(3);
    BufferedImage fast = new BufferedImage(17, 9, BufferedImage.TYPE_4BYTE_ABGR); // fast path
    BufferedImage general = new BufferedImage(17, 9, BufferedImage.TYPE_INT_ARGB); // getRGB path
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 17; x++) {
        int argb = random.nextInt();
        fast.setRGB(x, y, argb);
        general.setRGB(x, y, argb);
      }
    }
    int[] a = SrgbPixels.packedRgb(fast);
    int[] b = SrgbPixels.packedRgb(general);
    assertThat(a).isEqualTo(b);
    // Spot check of the compositing rule itself: (r, g, b, alpha) over white.
    int argb = general.getRGB(5, 4);
    double alpha = (argb >>> 24) / 255.0;
    int red = (int) Math.floor((alpha * ((argb >> 16) & 0xFF) / 255.0 + (1 - alpha)) * 255 + 0.5);
    assertThat((a[4 * 17 + 5] >> 16) & 0xFF).isEqualTo(red);
  }

  @Test
  void eightBitGrayMatchesSixteenBitGrayOfTheSameLevels() {
    BufferedImage eight = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY); // fast path
    BufferedImage sixteen = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY); // per-sample path
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        int level = y * 16 + x;
        eight.getRaster().setSample(x, y, 0, level);
        sixteen.getRaster().setSample(x, y, 0, level * 257);
      }
    }
    int[] a = SrgbPixels.packedRgb(eight);
    assertThat(a).isEqualTo(SrgbPixels.packedRgb(sixteen));
    for (int level = 0; level < 256; level++) {
      assertThat(a[level]).isEqualTo((level << 16) | (level << 8) | level);
    }
  }

  @Test
  void threeByteBgrMatchesIntRgb() {
    Random random = new Random(4);
    BufferedImage fast = new BufferedImage(5, 7, BufferedImage.TYPE_3BYTE_BGR);
    int[] expected = new int[35];
    for (int i = 0; i < 35; i++) {
      expected[i] = random.nextInt() & 0xFFFFFF;
      fast.setRGB(i % 5, i / 5, expected[i]);
    }
    assertThat(SrgbPixels.packedRgb(fast)).isEqualTo(expected);
  }
}
