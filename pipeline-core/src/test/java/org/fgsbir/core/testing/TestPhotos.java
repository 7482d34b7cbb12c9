package org.fgsbir.core.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Builds tiny encoded test photos: drawings of {@link TestShapes} on white, and broken files. */
public final class TestPhotos {
  private TestPhotos() {}

  /**
   * A PNG of {@code size x size} pixels showing shape {@code variant} in dark 6 % wide lines on white,
   * with a faint tint that depends on {@code tint} so photos of one shape still differ.
   */
  public static byte[] shape(int variant, int size, int tint) {
    return encode(render(variant, size, tint), "png");
  }

  /** The same drawing as {@link #shape} encoded as JPEG. */
  public static byte[] shapeJpeg(int variant, int size, int tint) {
    return encode(render(variant, size, tint), "jpg");
  }

  /** Bytes that start like a PNG but are not an image: decoders must refuse them. */
  public static byte[] corrupt() {
    byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    byte[] junk = "this is not image data".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[header.length + junk.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(junk, 0, out, header.length, junk.length);
    return out;
  }

  /** Writes {@code bytes} to {@code file}, creating parent folders. */
  public static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage render(int variant, int size, int tint) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int t = Math.floorMod(tint, 8) * 4;
      g.setColor(new Color(255 - t, 255, 255 - t / 2));
      g.fillRect(0, 0, size, size);
      g.setColor(new Color(20 + t, 20, 30));
      g.setStroke(new BasicStroke(size * 0.06f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      double scale = size / 100.0;
      for (float[][] s : TestShapes.strokes(variant)) {
        Path2D.Float path = new Path2D.Float();
        path.moveTo(s[0][0] * scale, s[1][0] * scale);
        for (int i = 1; i < s[0].length; i++) {
          path.lineTo(s[0][i] * scale, s[1][i] * scale);
        }
        g.draw(path);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
