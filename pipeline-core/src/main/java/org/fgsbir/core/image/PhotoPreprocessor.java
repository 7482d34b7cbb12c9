package org.fgsbir.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns encoded photo bytes (PNG, JPEG, GIF, BMP, TIFF: whatever Java's ImageIO reads) into a model
 * input as set by {@link PhotoOptions}. Stateless and thread-safe; deterministic for given bytes.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>No bytes: {@link RejectReason#EMPTY}. No ImageIO reader recognises the bytes:
 *       {@link RejectReason#UNSUPPORTED_FORMAT}.
 *   <li>The width and height are read from the header only; {@code width * height > maxPixels} is refused
 *       with {@link RejectReason#TOO_LARGE} before any pixel is decoded or allocated.
 *   <li>The first image is decoded; a decoder failure, or a warning that the data ended early (a
 *       truncated JPEG decodes with a gray tail and only a warning), gives {@link RejectReason#UNDECODABLE}.
 *       Other decoder warnings (e.g. extraneous bytes before a JPEG marker) are accepted.
 *   <li>Pixels become 8-bit sRGB: gray is replicated, palettes are looked up, 16-bit samples scaled, and
 *       transparency is composited on white (see {@link ImageTensors#fromBufferedImage}).
 *   <li>The photo is resized with an antialiased bilinear filter (triangle kernel widened by the shrink
 *       factor, as PIL's bilinear resize) and made square: {@link PhotoOptions.Fit#PAD} scales the longer
 *       side to {@code size} and centres the photo on white; {@link PhotoOptions.Fit#CROP} scales the
 *       shorter side to {@code size} and keeps the centre. Odd leftovers go to the right and bottom.
 *   <li>Values {@code v} in [0, 1] become {@code (v - mean[c]) / std[c]}, in CHW order (R, G, B).
 * </ol>
 *
 * <p>With {@link PhotoOptions#edgeMap()} the output has one channel instead: the Sobel gradient magnitude
 * of the luminance {@code Y = 0.299 R + 0.587 G + 0.114 B} of the square RGB image (3 x 3 kernels
 * {@code [-1 0 1; -2 0 2; -1 0 1]} and its transpose, borders replicated), divided by the fixed
 * {@link #EDGE_FULL_SCALE} = 4 and clamped to [0, 1], then {@code (v - mean[0]) / std[0]}. A fixed divisor
 * (rather than each photo's own maximum) keeps edge strengths comparable across photos: a black-to-white
 * step between neighbouring pixels is 1, flat regions are 0 (light edges on a dark field).
 */
public final class PhotoPreprocessor implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The Sobel magnitude that maps to 1 in the edge map: the response of a full-contrast step edge
   * between two neighbouring columns or rows (luminance 0 to 1). Stronger diagonal responses saturate.
   */
  public static final double EDGE_FULL_SCALE = 4.0;

  private final PhotoOptions options;

  /**
   * Creates a preprocessor.
   *
   * @param options output size, fit, normalisation, edge map and pixel limit
   */
  public PhotoPreprocessor(PhotoOptions options) {
    this.options = Objects.requireNonNull(options, "photo options");
  }

  /** The options this preprocessor applies. */
  public PhotoOptions options() {
    return options;
  }

  /**
   * Decodes and preprocesses one photo.
   *
   * @param photoId the photo's id, used in reject messages
   * @param encoded the encoded file content (null is treated as empty)
   * @return {@code 3 x size x size} normalised RGB, or {@code 1 x size x size} with {@code edgeMap}
   * @throws PhotoRejectedException if the photo is empty, of an unknown format, too large or undecodable
   */
  public ImageTensor preprocess(String photoId, byte[] encoded) {
    BufferedImage image = decode(photoId, encoded);
    int[] rgb = SrgbPixels.packedRgb(image);
    float[][] square = fitSquare(rgb, image.getWidth(), image.getHeight());
    int size = options.size();
    float[] mean = options.mean();
    float[] std = options.std();
    if (options.edgeMap()) {
      float[] edges = edgeMagnitude(square, size);
      for (int i = 0; i < edges.length; i++) {
        edges[i] = (edges[i] - mean[0]) / std[0];
      }
      return new ImageTensor(1, size, size, edges);
    }
    int plane = size * size;
    float[] data = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      float[] channel = square[c];
      for (int i = 0; i < plane; i++) {
        data[c * plane + i] = (channel[i] - mean[c]) / std[c];
      }
    }
    return new ImageTensor(3, size, size, data);
  }

  private BufferedImage decode(String photoId, byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      throw new PhotoRejectedException(photoId, RejectReason.EMPTY, "the photo has 0 bytes",
          "check the file: it may have failed to download or copy", null);
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new PhotoRejectedException(photoId, RejectReason.UNSUPPORTED_FORMAT,
            "no image reader recognises its " + encoded.length + " bytes (they start with "
                + leadingHex(encoded) + ")",
            "check the file, or convert it to PNG or JPEG", null);
      }
      ImageReader reader = readers.next();
      try {
        return read(photoId, reader, in);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      // Only closing an in-memory stream can get here.
      throw new UncheckedIOException("closing the in-memory stream of photo " + photoId + " failed", e);
    }
  }

  private BufferedImage read(String photoId, ImageReader reader, ImageInputStream in) {
    String format = reader.getOriginatingProvider() == null
        ? "image" : reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
    reader.setInput(in, true /* seek forward only */, true /* ignore metadata */);
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new PhotoRejectedException(photoId, RejectReason.UNDECODABLE,
          "the " + format + " header cannot be read (" + e + ")",
          "check the file: it is probably truncated or corrupt", e);
    }
    if (width < 1 || height < 1) {
      throw new PhotoRejectedException(photoId, RejectReason.UNDECODABLE,
          "the " + format + " header declares a size of " + width + "x" + height,
          "check the file: it is probably corrupt", null);
    }
    long pixels = (long) width * height;
    if (pixels > options.maxPixels()) {
      throw new PhotoRejectedException(photoId, RejectReason.TOO_LARGE,
          "the " + format + " image is " + width + "x" + height + " = " + pixels
              + " pixels, more than the limit of " + options.maxPixels() + " pixels",
          "set embed.max-pixels higher (PhotoOptions.maxPixels, at least " + pixels
              + ") or downscale the photo", null);
    }
    List<String> truncation = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> {
      String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
      if (lower.contains("premature end") || lower.contains("truncated")) {
        truncation.add(warning);
      }
    });
    BufferedImage image;
    try {
      image = reader.read(0, reader.getDefaultReadParam());
    } catch (IOException | RuntimeException e) {
      // Decoders signal corrupt data with IOExceptions and, for some malformed files, runtime exceptions.
      throw new PhotoRejectedException(photoId, RejectReason.UNDECODABLE,
          "the " + width + "x" + height + " " + format + " data cannot be decoded (" + e + ")",
          "check the file: it is probably truncated or corrupt", e);
    }
    if (!truncation.isEmpty()) {
      throw new PhotoRejectedException(photoId, RejectReason.UNDECODABLE,
          "the " + width + "x" + height + " " + format + " data ends early (decoder warning: "
              + String.join("; ", truncation) + ")",
          "check the file: it is truncated; download or copy it again", null);
    }
    return image;
  }

  /** The RGB planes of the {@code size x size} square image, values in [0, 1]. */
  private float[][] fitSquare(int[] rgb, int width, int height) {
    int size = options.size();
    if (options.fit() == PhotoOptions.Fit.CROP) {
      int outWidth = width <= height ? size : Math.max(size, scaledSide(width, size, height));
      int outHeight = height <= width ? size : Math.max(size, scaledSide(height, size, width));
      return Resampler.resize(rgb, width, height, outWidth, outHeight,
          (outWidth - size) / 2, (outHeight - size) / 2, size, size);
    }
    int outWidth = width >= height ? size : Math.max(1, scaledSide(width, size, height));
    int outHeight = height >= width ? size : Math.max(1, scaledSide(height, size, width));
    float[][] fitted = Resampler.resize(rgb, width, height, outWidth, outHeight, 0, 0, outWidth, outHeight);
    if (outWidth == size && outHeight == size) {
      return fitted;
    }
    int left = (size - outWidth) / 2;
    int top = (size - outHeight) / 2;
    float[][] square = new float[3][size * size];
    for (int c = 0; c < 3; c++) {
      java.util.Arrays.fill(square[c], 1f);
      for (int y = 0; y < outHeight; y++) {
        System.arraycopy(fitted[c], y * outWidth, square[c], (top + y) * size + left, outWidth);
      }
    }
    return square;
  }

  /** {@code round(side * target / reference)}. */
  private static int scaledSide(int side, int target, int reference) {
    return (int) Math.round((double) side * target / reference);
  }

  /** Sobel magnitude of the luminance, divided by {@link #EDGE_FULL_SCALE}, clamped to [0, 1]. */
  private static float[] edgeMagnitude(float[][] rgb, int size) {
    float[] luma = new float[size * size];
    for (int i = 0; i < luma.length; i++) {
      luma[i] = (float) (0.299 * rgb[0][i] + 0.587 * rgb[1][i] + 0.114 * rgb[2][i]);
    }
    float[] gx = new float[luma.length];
    float[] gy = new float[luma.length];
    ImageGradients.sobel(luma, size, size, gx, gy);
    // ImageGradients scales the Sobel sums by 1/8; the full-scale divisor applies to the raw sums.
    float[] out = new float[size * size];
    for (int i = 0; i < out.length; i++) {
      double v = 8.0 * Math.sqrt((double) gx[i] * gx[i] + (double) gy[i] * gy[i]) / EDGE_FULL_SCALE;
      out[i] = (float) Math.min(1.0, v);
    }
    return out;
  }

  private static String leadingHex(byte[] bytes) {
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
    }
    return sb.toString();
  }
}
