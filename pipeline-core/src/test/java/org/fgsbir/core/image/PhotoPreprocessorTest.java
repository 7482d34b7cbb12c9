package org.fgsbir.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.fgsbir.core.image.PhotoOptions.Fit;
import org.junit.jupiter.api.Test;

/** Decoding, colour conversion, geometry, normalisation, edge maps and rejects of photo preprocessing. */
class PhotoPreprocessorTest {

  private static final float[] ZERO = {0, 0, 0};
  private static final float[] ONE = {1, 1, 1};
  private static final float EPS = 1e-5f;

  private static PhotoPreprocessor plain(int size, Fit fit) {
    return new PhotoPreprocessor(new PhotoOptions(size, fit, ZERO, ONE, false, 50_000_000L));
  }

  private static void assertPixel(ImageTensor t, int y, int x, float r, float g, float b) {
    assertThat(t.at(0, y, x)).as("R at (%d,%d)", y, x).isCloseTo(r, within(EPS));
    assertThat(t.at(1, y, x)).as("G at (%d,%d)", y, x).isCloseTo(g, within(EPS));
    assertThat(t.at(2, y, x)).as("B at (%d,%d)", y, x).isCloseTo(b, within(EPS));
  }

  private static void assertWhite(ImageTensor t, int y, int x) {
    assertPixel(t, y, x, 1f, 1f, 1f);
  }

  @Test
  void rgbPngIsPaddedWhiteAroundTheScaledPhoto() {
    byte[] png = TestImages.encode(TestImages.filled(30, 20, BufferedImage.TYPE_INT_RGB, 0xC86432), "png");
    ImageTensor t = plain(16, Fit.PAD).preprocess("rgb", png);
    assertThat(t.channels()).isEqualTo(3);
    assertThat(t.height()).isEqualTo(16);
    assertThat(t.width()).isEqualTo(16);
    // 30x20 -> 16 x round(20 * 16 / 30) = 16x11, centred: rows 2..12 photo, the rest white.
    int photoRows = 0;
    for (int y = 0; y < 16; y++) {
      boolean white = t.at(0, y, 8) == 1f && t.at(1, y, 8) == 1f && t.at(2, y, 8) == 1f;
      if (!white) {
        photoRows++;
        for (int x = 0; x < 16; x++) {
          assertPixel(t, y, x, 200 / 255f, 100 / 255f, 50 / 255f);
        }
      }
    }
    assertThat(photoRows).isEqualTo(11);
    assertWhite(t, 0, 0);
    assertWhite(t, 1, 15);
    assertWhite(t, 13, 3);
    assertWhite(t, 15, 15);
    assertPixel(t, 2, 0, 200 / 255f, 100 / 255f, 50 / 255f);
    assertPixel(t, 12, 15, 200 / 255f, 100 / 255f, 50 / 255f);
  }

  @Test
  void grayPngKeepsItsGrayLevelInAllThreeChannels() {
    BufferedImage gray = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
    int[] samples = new int[12 * 12];
    Arrays.fill(samples, 128);
    gray.getRaster().setSamples(0, 0, 12, 12, 0, samples);
    // Java's getRGB would give 188 here (it treats gray as linear); PNG gray is gamma-encoded like RGB.
    ImageTensor t = plain(8, Fit.PAD).preprocess("gray", TestImages.encode(gray, "png"));
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        assertPixel(t, y, x, 128 / 255f, 128 / 255f, 128 / 255f);
      }
    }
  }

  @Test
  void sixteenBitGrayPngIsScaledToEightBits() {
    BufferedImage gray = new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_GRAY);
    int[] samples = new int[100];
    Arrays.fill(samples, 0x8080); // 32896 / 65535 = 128 / 255 exactly
    gray.getRaster().setSamples(0, 0, 10, 10, 0, samples);
    ImageTensor t = plain(8, Fit.CROP).preprocess("gray16", TestImages.encode(gray, "png"));
    assertPixel(t, 3, 4, 128 / 255f, 128 / 255f, 128 / 255f);
  }

  @Test
  void transparentPngIsCompositedOnWhite() {
    byte[] png = TestImages.encode(TestImages.filled(10, 10, BufferedImage.TYPE_INT_ARGB, 0x80FF0000), "png");
    ImageTensor t = plain(8, Fit.PAD).preprocess("alpha", png);
    // alpha 128/255 of pure red over white: R = 1, G = B = round(255 * (1 - 128/255)) / 255 = 127/255.
    assertPixel(t, 4, 4, 1f, 127 / 255f, 127 / 255f);
    byte[] clear = TestImages.encode(TestImages.filled(10, 10, BufferedImage.TYPE_INT_ARGB, 0x00000000), "png");
    assertWhite(plain(8, Fit.PAD).preprocess("clear", clear), 4, 4);
  }

  @Test
  void palettePngUsesItsPalette() {
    // (51, 102, 153) is in the default 6x6x6 colour cube of TYPE_BYTE_INDEXED.
    byte[] png = TestImages.encode(TestImages.filled(9, 9, BufferedImage.TYPE_BYTE_INDEXED, 0x336699), "png");
    assertPixel(plain(8, Fit.PAD).preprocess("palette", png), 4, 4, 51 / 255f, 102 / 255f, 153 / 255f);
  }

  @Test
  void jpegAndBmpDecode() {
    BufferedImage image = TestImages.filled(32, 32, BufferedImage.TYPE_INT_RGB, 0xC86432);
    ImageTensor jpeg = plain(16, Fit.PAD).preprocess("jpeg", TestImages.encode(image, "jpg"));
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        // Lossy, but a flat colour survives within a few levels.
        assertThat(jpeg.at(0, y, x)).isCloseTo(200 / 255f, within(4 / 255f));
        assertThat(jpeg.at(1, y, x)).isCloseTo(100 / 255f, within(4 / 255f));
        assertThat(jpeg.at(2, y, x)).isCloseTo(50 / 255f, within(4 / 255f));
      }
    }
    ImageTensor bmp = plain(16, Fit.PAD).preprocess("bmp", TestImages.encode(image, "bmp"));
    assertPixel(bmp, 7, 7, 200 / 255f, 100 / 255f, 50 / 255f);
  }

  /** 40x20: red left half, blue right half. */
  private static byte[] redLeftBlueRight() {
    BufferedImage image = TestImages.filled(40, 20, BufferedImage.TYPE_INT_RGB, 0x0000FF);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        image.setRGB(x, y, 0xFF0000);
      }
    }
    return TestImages.encode(image, "png");
  }

  @Test
  void padKeepsTheWholePhotoAndAddsWhiteBars() {
    ImageTensor t = plain(16, Fit.PAD).preprocess("pad", redLeftBlueRight());
    // 40x20 -> 16x8, rows 4..11; the red/blue boundary falls between columns 7 and 8.
    for (int x = 0; x < 16; x++) {
      assertWhite(t, 3, x);
      assertWhite(t, 12, x);
    }
    for (int y = 4; y <= 11; y++) {
      for (int x = 0; x <= 6; x++) {
        assertPixel(t, y, x, 1f, 0f, 0f);
      }
      for (int x = 9; x < 16; x++) {
        assertPixel(t, y, x, 0f, 0f, 1f);
      }
      // Antialiased boundary: a mix of both colours, no white.
      assertThat(t.at(0, y, 7)).isStrictlyBetween(0f, 1f);
      assertThat(t.at(2, y, 7)).isStrictlyBetween(0f, 1f);
      assertThat(t.at(1, y, 7)).isEqualTo(0f);
    }
  }

  @Test
  void cropFillsTheSquareAndCutsTheSides() {
    ImageTensor t = plain(16, Fit.CROP).preprocess("crop", redLeftBlueRight());
    // 40x20 -> 32x16, columns 8..23 kept: red up to the middle, blue after, no white anywhere.
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x <= 5; x++) {
        assertPixel(t, y, x, 1f, 0f, 0f);
      }
      for (int x = 10; x < 16; x++) {
        assertPixel(t, y, x, 0f, 0f, 1f);
      }
      for (int x = 0; x < 16; x++) {
        assertThat(t.at(1, y, x)).as("green at (%d,%d)", y, x).isEqualTo(0f);
      }
    }
  }

  @Test
  void tallPhotosArePaddedLeftAndRight() {
    byte[] png = TestImages.encode(TestImages.filled(20, 40, BufferedImage.TYPE_INT_RGB, 0x000000), "png");
    ImageTensor t = plain(16, Fit.PAD).preprocess("tall", png);
    assertWhite(t, 8, 3);
    assertPixel(t, 0, 4, 0f, 0f, 0f);
    assertPixel(t, 15, 11, 0f, 0f, 0f);
    assertWhite(t, 8, 12);
  }

  @Test
  void shrinkingIsAntialiasedAndEnlargingStaysInRange() {
    BufferedImage stripes = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0x000000);
      }
    }
    ImageTensor small = plain(8, Fit.PAD).preprocess("stripes", TestImages.encode(stripes, "png"));
    // One-pixel stripes shrunk 8x average to mid gray instead of aliasing to black or white.
    for (int x = 1; x < 7; x++) {
      assertThat(small.at(0, 4, x)).isCloseTo(0.5f, within(0.02f));
    }
    BufferedImage checker = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFFFF : 0x000000);
      }
    }
    ImageTensor big = plain(32, Fit.PAD).preprocess("checker", TestImages.encode(checker, "png"));
    float min = 1;
    float max = 0;
    for (float v : big.data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isBetween(0f, 0.2f);
    assertThat(max).isBetween(0.8f, 1f);
  }

  @Test
  void normalisationSubtractsMeanAndDividesByStdPerChannel() {
    byte[] png = TestImages.encode(TestImages.filled(8, 8, BufferedImage.TYPE_INT_RGB, 0x336699), "png");
    float[] mean = {0.1f, 0.2f, 0.3f};
    float[] std = {0.5f, 0.25f, 0.2f};
    ImageTensor t = new PhotoPreprocessor(new PhotoOptions(8, Fit.PAD, mean, std, false, 1000))
        .preprocess("norm", png);
    float[] v = {51 / 255f, 102 / 255f, 153 / 255f};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 64; i++) {
        assertThat(t.data()[c * 64 + i]).isCloseTo((v[c] - mean[c]) / std[c], within(EPS));
      }
    }
    ImageTensor imagenet = new PhotoPreprocessor(PhotoOptions.imagenet()).preprocess("norm", png);
    assertThat(imagenet.at(2, 100, 100)).isCloseTo((153 / 255f - 0.406f) / 0.225f, within(EPS));
  }

  /** 64x64, luminance {@code left} in columns 0..31 and {@code right} in 32..63. */
  private static byte[] stepEdge(int left, int right) {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int v = x < 32 ? left : right;
        image.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return TestImages.encode(image, "png");
  }

  @Test
  void edgeMapOfAStepEdgeMarksTheTwoBoundaryColumns() {
    PhotoOptions options = new PhotoOptions(64, Fit.PAD, ZERO, ONE, true, 1_000_000);
    ImageTensor t = new PhotoPreprocessor(options).preprocess("step", stepEdge(0, 255));
    assertThat(t.channels()).isEqualTo(1);
    assertThat(t.height()).isEqualTo(64);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        // Sobel gx of a 0 -> 1 step is 1 + 2 + 1 = 4 on both sides of the boundary, i.e. 1 after / 4.
        float expected = x == 31 || x == 32 ? 1f : 0f;
        assertThat(t.at(0, y, x)).as("(%d,%d)", y, x).isCloseTo(expected, within(1e-6f));
      }
    }
    // A fixed scale, not each photo's maximum: a half-contrast step gives half the response.
    ImageTensor half = new PhotoPreprocessor(options).preprocess("half", stepEdge(0, 128));
    assertThat(half.at(0, 10, 31)).isCloseTo(128 / 255f, within(1e-6f));
    // Mean and std of channel 0 apply.
    PhotoOptions normalised =
        new PhotoOptions(64, Fit.PAD, new float[] {0.5f, 9, 9}, new float[] {0.25f, 9, 9}, true, 1_000_000);
    ImageTensor n = new PhotoPreprocessor(normalised).preprocess("step", stepEdge(0, 255));
    assertThat(n.at(0, 5, 32)).isCloseTo(2f, within(1e-5f));
    assertThat(n.at(0, 5, 10)).isCloseTo(-2f, within(1e-5f));
  }

  @Test
  void emptyBytesAreRejectedAsEmpty() {
    for (byte[] bytes : new byte[][] {new byte[0], null}) {
      PhotoRejectedException e = catchThrowableOfType(PhotoRejectedException.class,
          () -> plain(16, Fit.PAD).preprocess("p-empty", bytes));
      assertThat(e.reason()).isEqualTo(RejectReason.EMPTY);
      assertThat(e.photoId()).isEqualTo("p-empty");
      assertThat(e.getMessage()).startsWith("Cannot embed photo p-empty: the photo has 0 bytes; check the file");
    }
  }

  @Test
  void randomBytesAreAnUnsupportedFormat() {
    byte[] noise = new byte[2000];
    new Random(42).nextBytes(noise);
    PhotoRejectedException e = catchThrowableOfType(PhotoRejectedException.class,
        () -> plain(16, Fit.PAD).preprocess("p-noise", noise));
    assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_FORMAT);
    assertThat(e.reason().code()).isEqualTo("unsupported_format");
    assertThat(e.getMessage()).startsWith("Cannot embed photo p-noise: no image reader recognises its 2000 bytes")
        .contains("convert it to PNG or JPEG");
  }

  @Test
  void truncatedPngIsUndecodableWithTheCause() {
    BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    byte[] png = TestImages.encode(noise, "png");
    for (int keep : new int[] {png.length / 2, 20}) {
      PhotoRejectedException e = catchThrowableOfType(PhotoRejectedException.class,
          () -> plain(16, Fit.PAD).preprocess("p-cut", Arrays.copyOf(png, keep)));
      assertThat(e.reason()).as("kept %d bytes", keep).isEqualTo(RejectReason.UNDECODABLE);
      assertThat(e.getCause()).as("kept %d bytes", keep).isNotNull();
      assertThat(e.getMessage()).startsWith("Cannot embed photo p-cut: the ").contains("PNG")
          .contains("check the file");
    }
  }

  @Test
  void truncatedJpegIsUndecodableEvenThoughItsDecoderOnlyWarns() {
    BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(8);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    byte[] jpeg = TestImages.encode(noise, "jpg");
    PhotoRejectedException e = catchThrowableOfType(PhotoRejectedException.class,
        () -> plain(16, Fit.PAD).preprocess("p-jcut", Arrays.copyOf(jpeg, jpeg.length / 2)));
    assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE);
    assertThat(e.getMessage()).contains("64x64 JPEG data ends early").contains("check the file");
  }

  @Test
  void handMadePngIsValidWhenItsHeaderIsHonest() {
    ImageTensor t = plain(8, Fit.PAD).preprocess("hand", TestImages.handMadePng(3, 2, 3, 2, 0x102030));
    assertPixel(t, 4, 4, 0x10 / 255f, 0x20 / 255f, 0x30 / 255f);
  }

  @Test
  void hugeDeclaredSizeIsRefusedFromTheHeaderWithoutDecoding() {
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(PhotoOptions.defaults());
    preprocessor.preprocess("warm-up", TestImages.handMadePng(3, 2, 3, 2, 0x102030)); // loads ImageIO
    byte[] bomb = TestImages.handMadePng(60_000, 60_000, 3, 2, 0x102030);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    PhotoRejectedException e = catchThrowableOfType(PhotoRejectedException.class,
        () -> preprocessor.preprocess("p-bomb", bomb));
    long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(e.reason().code()).isEqualTo("too_large");
    assertThat(e.getMessage()).isEqualTo("Cannot embed photo p-bomb: the PNG image is 60000x60000 = "
        + "3600000000 pixels, more than the limit of 50000000 pixels; set embed.max-pixels higher "
        + "(PhotoOptions.maxPixels, at least 3600000000) or downscale the photo");
    // The 10.8 GB of RGB pixels were never allocated (a few MB of reader buffers at most).
    assertThat(allocated).isLessThan(16L << 20);
  }

  @Test
  void pixelLimitIsInclusive() {
    byte[] png = TestImages.encode(TestImages.filled(10, 10, BufferedImage.TYPE_INT_RGB, 0), "png");
    assertThat(new PhotoPreprocessor(new PhotoOptions(8, Fit.PAD, ZERO, ONE, false, 100))
        .preprocess("limit", png).channels()).isEqualTo(3);
    assertThatThrownBy(() -> new PhotoPreprocessor(new PhotoOptions(8, Fit.PAD, ZERO, ONE, false, 99))
        .preprocess("limit", png))
        .isInstanceOfSatisfying(PhotoRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE))
        .hasMessageContaining("10x10 = 100 pixels, more than the limit of 99 pixels");
  }

  @Test
  void rejectCodesAreStable() {
    assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::code))
        .containsExactly("empty", "undecodable", "unsupported_format", "too_large");
  }

  @Test
  void sameBytesGiveIdenticalTensors() {
    byte[] png = redLeftBlueRight();
    PhotoPreprocessor p = new PhotoPreprocessor(PhotoOptions.imagenet());
    assertThat(p.preprocess("a", png).data()).isEqualTo(p.preprocess("a", png).data());
  }
}
