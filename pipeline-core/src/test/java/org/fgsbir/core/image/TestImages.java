package org.fgsbir.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Builds small encoded test images in memory. */
final class TestImages {

  private TestImages() {
  }

  /** A {@code width x height} image of the given type filled with one ARGB value. */
  static BufferedImage filled(int width, int height, int type, int argb) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, argb);
      }
    }
    return image;
  }

  /** The image encoded with ImageIO in {@code format} ("png", "jpg", "bmp", ...). */
  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A hand-written 8-bit RGB PNG whose IHDR declares {@code width x height} and whose single IDAT holds
   * the pixel rows of a {@code dataWidth x dataHeight} image (all {@code rgb}). With equal sizes the file
   * is a valid PNG; with a larger declared size only the header is honest.
   */
  static byte[] handMadePng(int width, int height, int dataWidth, int dataHeight, int rgb) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // depth, RGB, deflate, ...
    byte[] raw = new byte[dataHeight * (1 + 3 * dataWidth)];
    for (int y = 0; y < dataHeight; y++) {
      int row = y * (1 + 3 * dataWidth);
      raw[row] = 0; // filter: none
      for (int x = 0; x < dataWidth; x++) {
        raw[row + 1 + 3 * x] = (byte) (rgb >> 16);
        raw[row + 2 + 3 * x] = (byte) (rgb >> 8);
        raw[row + 3 + 3 * x] = (byte) rgb;
      }
    }
    Deflater deflater = new Deflater();
    deflater.setInput(raw);
    deflater.finish();
    byte[] buffer = new byte[raw.length + 64];
    int compressed = deflater.deflate(buffer);
    deflater.end();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(png, "IHDR", ihdr.array(), 13);
    chunk(png, "IDAT", buffer, compressed);
    chunk(png, "IEND", new byte[0], 0);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data, 0, length);
    out.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
    out.writeBytes(typeBytes);
    out.write(data, 0, length);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
