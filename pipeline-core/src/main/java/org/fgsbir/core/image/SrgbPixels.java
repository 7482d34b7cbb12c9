package org.fgsbir.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Decoded images to packed 8-bit sRGB ({@code 0xRRGGBB}, row-major), alpha composited on white.
 *
 * <p>Gray images are read sample by sample ({@code R = G = B = gray}): image files store gray in the same
 * gamma encoding as colour, while Java's {@link BufferedImage#getRGB} treats the gray colour space as
 * linear and would brighten mid-grays (128 becomes 188). Palette images use their palette; RGB images
 * with an sRGB colour model are read per sample (8 or 16 bits per sample); anything else (ICC
 * profiles, packed direct colour) goes through {@code getRGB}, which does Java's colour conversion to sRGB.
 * Samples of {@code n} bits are scaled by {@code 1 / (2^n - 1)}; results are rounded to 8 bits.
 */
final class SrgbPixels {

  private SrgbPixels() {
  }

  /** The image as {@code width * height} packed {@code 0xRRGGBB} values, alpha composited on white. */
  static int[] packedRgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] out = new int[Math.multiplyExact(width, height)];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    boolean integerSamples = cm.getTransferType() == DataBuffer.TYPE_BYTE
        || cm.getTransferType() == DataBuffer.TYPE_USHORT;
    if (readInterleavedBytes(image, out)) {
      return out;
    }
    if (cm instanceof ComponentColorModel && integerSamples
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
      readGray(raster, cm, out);
    } else if (cm instanceof ComponentColorModel && integerSamples && cm.getColorSpace().isCS_sRGB()
        && cm.getNumColorComponents() == 3) {
      readRgb(raster, cm, out);
    } else if (cm instanceof IndexColorModel palette) {
      readPalette(raster, palette, out);
    } else {
      readConverted(image, out);
    }
    return out;
  }

  /**
   * Fast path for the common decoder output: 8-bit gray or sRGB samples, optionally with alpha,
   * interleaved in one byte array (PNG and JPEG readers, {@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR},
   * {@code TYPE_BYTE_GRAY}). Gives exactly what the general per-sample paths give.
   *
   * @return false (and writes nothing) when the image is not of that layout
   */
  private static boolean readInterleavedBytes(BufferedImage image, int[] out) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (!(cm instanceof ComponentColorModel) || cm.isAlphaPremultiplied()
        || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
        || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
        || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
      return false;
    }
    boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
    boolean rgb = cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3;
    int bands = cm.getNumComponents();
    if (!(gray || rgb) || sm.getNumBands() != bands) {
      return false;
    }
    for (int b = 0; b < bands; b++) {
      if (cm.getComponentSize(b) != 8) {
        return false;
      }
    }
    boolean alpha = cm.hasAlpha();
    byte[] data = buffer.getData();
    int[] offsets = sm.getBandOffsets();
    int base = buffer.getOffset();
    int pixelStride = sm.getPixelStride();
    int scanlineStride = sm.getScanlineStride();
    int width = image.getWidth();
    int height = image.getHeight();
    int r0 = offsets[0];
    int g0 = gray ? offsets[0] : offsets[1];
    int b0 = gray ? offsets[0] : offsets[2];
    int a0 = alpha ? offsets[bands - 1] : 0;
    for (int y = 0; y < height; y++) {
      int p = base + y * scanlineStride;
      for (int x = 0; x < width; x++, p += pixelStride) {
        int r = data[p + r0] & 0xFF;
        int g = data[p + g0] & 0xFF;
        int b = data[p + b0] & 0xFF;
        int a = alpha ? data[p + a0] & 0xFF : 255;
        if (a != 255) {
          double coverage = a / 255.0;
          r = composite(r / 255.0, coverage, false);
          g = composite(g / 255.0, coverage, false);
          b = composite(b / 255.0, coverage, false);
        }
        out[y * width + x] = (r << 16) | (g << 8) | b;
      }
    }
    return true;
  }

  private static void readGray(Raster raster, ColorModel cm, int[] out) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    double grayMax = maxSample(cm, 0);
    boolean alpha = cm.hasAlpha();
    double alphaMax = alpha ? maxSample(cm, 1) : 1;
    boolean premultiplied = cm.isAlphaPremultiplied();
    int[] gray = new int[width];
    int[] alphas = new int[width];
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, gray);
      if (alpha) {
        raster.getSamples(0, y, width, 1, 1, alphas);
      }
      for (int x = 0; x < width; x++) {
        double a = alpha ? alphas[x] / alphaMax : 1;
        int v = composite(gray[x] / grayMax, a, premultiplied);
        out[y * width + x] = (v << 16) | (v << 8) | v;
      }
    }
  }

  private static void readRgb(Raster raster, ColorModel cm, int[] out) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    double[] max = {maxSample(cm, 0), maxSample(cm, 1), maxSample(cm, 2)};
    boolean alpha = cm.hasAlpha();
    double alphaMax = alpha ? maxSample(cm, 3) : 1;
    boolean premultiplied = cm.isAlphaPremultiplied();
    int[][] bands = new int[4][width];
    for (int y = 0; y < height; y++) {
      for (int b = 0; b < (alpha ? 4 : 3); b++) {
        raster.getSamples(0, y, width, 1, b, bands[b]);
      }
      for (int x = 0; x < width; x++) {
        double a = alpha ? bands[3][x] / alphaMax : 1;
        int r = composite(bands[0][x] / max[0], a, premultiplied);
        int g = composite(bands[1][x] / max[1], a, premultiplied);
        int b = composite(bands[2][x] / max[2], a, premultiplied);
        out[y * width + x] = (r << 16) | (g << 8) | b;
      }
    }
  }

  private static void readPalette(Raster raster, IndexColorModel palette, int[] out) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    int[] indices = new int[width];
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, indices);
      for (int x = 0; x < width; x++) {
        out[y * width + x] = compositeArgb(palette.getRGB(indices[x]));
      }
    }
  }

  private static void readConverted(BufferedImage image, int[] out) {
    int width = image.getWidth();
    int[] row = new int[width];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        out[y * width + x] = compositeArgb(row[x]);
      }
    }
  }

  /** A non-premultiplied {@code 0xAARRGGBB} value composited on white. */
  private static int compositeArgb(int argb) {
    int alpha = argb >>> 24;
    if (alpha == 255) {
      return argb & 0xFFFFFF;
    }
    double a = alpha / 255.0;
    int r = composite(((argb >> 16) & 0xFF) / 255.0, a, false);
    int g = composite(((argb >> 8) & 0xFF) / 255.0, a, false);
    int b = composite((argb & 0xFF) / 255.0, a, false);
    return (r << 16) | (g << 8) | b;
  }

  /** One channel value in [0, 1] with coverage {@code a} composited on white, as an 8-bit value. */
  private static int composite(double value, double a, boolean premultiplied) {
    double v = premultiplied ? value + (1 - a) : a * value + (1 - a);
    int q = (int) Math.floor(v * 255 + 0.5);
    return q < 0 ? 0 : Math.min(q, 255);
  }

  private static double maxSample(ColorModel cm, int component) {
    return (1L << cm.getComponentSize(component)) - 1;
  }
}
