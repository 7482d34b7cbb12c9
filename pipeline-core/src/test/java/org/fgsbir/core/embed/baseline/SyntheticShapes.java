package org.fgsbir.core.embed.baseline;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.fgsbir.core.image.ImageTensor;

/**
 * Test data for the baseline: random closed outlines with an inner detail, drawn as shaded "photos"
 * (filled, gradient-lit, on a tinted background, at a random place and size) and as line "sketches"
 * (the outline with its vertices jittered, fitted to the raster with the spec's padding).
 */
final class SyntheticShapes {
  private SyntheticShapes() {}

  /** A shape in unit coordinates: outline vertices plus an inner ellipse. */
  record Shape(double[] xs, double[] ys, double detailX, double detailY, double detailR) {}

  static Shape randomShape(Random random) {
    int n = 5 + random.nextInt(5);
    double[] xs = new double[n];
    double[] ys = new double[n];
    double phase = random.nextDouble() * Math.PI * 2;
    double stretch = 0.6 + 0.8 * random.nextDouble();
    for (int i = 0; i < n; i++) {
      double a = phase + 2 * Math.PI * (i + 0.3 * random.nextDouble()) / n;
      double r = 0.45 + 0.55 * random.nextDouble();
      xs[i] = r * Math.cos(a) * stretch;
      ys[i] = r * Math.sin(a);
    }
    return new Shape(xs, ys, 0.25 * (random.nextDouble() - 0.5), 0.25 * (random.nextDouble() - 0.5),
        0.12 + 0.1 * random.nextDouble());
  }

  private static double[] box(Shape s) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < s.xs().length; i++) {
      minX = Math.min(minX, s.xs()[i]);
      maxX = Math.max(maxX, s.xs()[i]);
      minY = Math.min(minY, s.ys()[i]);
      maxY = Math.max(maxY, s.ys()[i]);
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  /** A shaded photo of {@code s}: 3 x size x size RGB in [0, 1]. */
  static ImageTensor photo(Shape s, int size, Random random) {
    return rgbTensor(photoImage(s, size, size, random));
  }

  /** A shaded {@code width x height} photo of {@code s}. */
  static BufferedImage photoImage(Shape s, int width, int height, Random random) {
    int size = Math.min(width, height);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    Color bg = new Color(200 + random.nextInt(50), 200 + random.nextInt(50), 200 + random.nextInt(50));
    g.setPaint(new GradientPaint(0, 0, bg, size, size, bg.darker()));
    g.fillRect(0, 0, width, height);
    double[] b = box(s);
    double extent = Math.max(b[2] - b[0], b[3] - b[1]);
    double pixels = size * (0.6 + 0.3 * random.nextDouble());
    double scale = pixels / extent;
    double ox = (width - (b[2] - b[0]) * scale) * random.nextDouble() - b[0] * scale;
    double oy = (height - (b[3] - b[1]) * scale) * random.nextDouble() - b[1] * scale;
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i < s.xs().length; i++) {
      double x = ox + s.xs()[i] * scale;
      double y = oy + s.ys()[i] * scale;
      if (i == 0) {
        path.moveTo(x, y);
      } else {
        path.lineTo(x, y);
      }
    }
    path.closePath();
    Color body = Color.getHSBColor(random.nextFloat(), 0.5f + 0.4f * random.nextFloat(),
        0.35f + 0.35f * random.nextFloat());
    g.setPaint(new GradientPaint((float) ox, (float) oy, body.brighter(), (float) (ox + pixels),
        (float) (oy + pixels), body.darker()));
    g.fill(path);
    double r = s.detailR() * scale;
    g.setColor(body.darker().darker());
    g.fill(new Ellipse2D.Double(ox + s.detailX() * scale - r, oy + s.detailY() * scale - r, 2 * r, 2 * r));
    g.dispose();
    return img;
  }

  /** {@code img} scaled to fit {@code size} and padded with white, centred (as PAD preprocessing does). */
  static ImageTensor padded(BufferedImage img, int size) {
    double scale = (double) size / Math.max(img.getWidth(), img.getHeight());
    int w = (int) Math.round(img.getWidth() * scale);
    int h = (int) Math.round(img.getHeight() * scale);
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, size, size);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, (size - w) / 2, (size - h) / 2, w, h, null);
    g.dispose();
    return rgbTensor(out);
  }

  /** A line sketch of {@code s}, vertices jittered by up to {@code jitter} of the shape's extent. */
  static ImageTensor sketch(Shape s, int size, float padding, float lineWidth, double jitter, Random random) {
    int n = s.xs().length;
    double[] b = box(s);
    double extent = Math.max(b[2] - b[0], b[3] - b[1]);
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = s.xs()[i] + extent * jitter * (2 * random.nextDouble() - 1);
      ys[i] = s.ys()[i] + extent * jitter * (2 * random.nextDouble() - 1);
    }
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      minX = Math.min(minX, xs[i]);
      maxX = Math.max(maxX, xs[i]);
      minY = Math.min(minY, ys[i]);
      maxY = Math.max(maxY, ys[i]);
    }
    double scale = (size - 2 * padding) / Math.max(maxX - minX, maxY - minY);
    double ox = size / 2.0 - (minX + maxX) / 2 * scale;
    double oy = size / 2.0 - (minY + maxY) / 2 * scale;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, size, size);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(lineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i <= n; i++) {
      double x = ox + xs[i % n] * scale;
      double y = oy + ys[i % n] * scale;
      if (i == 0) {
        path.moveTo(x, y);
      } else {
        path.lineTo(x, y);
      }
    }
    g.draw(path);
    double r = s.detailR() * scale * (1 + jitter * (2 * random.nextDouble() - 1));
    g.draw(new Ellipse2D.Double(ox + s.detailX() * scale - r, oy + s.detailY() * scale - r, 2 * r, 2 * r));
    g.dispose();
    float[] data = new float[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        data[y * size + x] = (img.getRaster().getSample(x, y, 0)) / 255f;
      }
    }
    return new ImageTensor(1, size, size, data);
  }

  static ImageTensor rgbTensor(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    float[] data = new float[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        data[y * w + x] = ((rgb >> 16) & 0xff) / 255f;
        data[w * h + y * w + x] = ((rgb >> 8) & 0xff) / 255f;
        data[2 * w * h + y * w + x] = (rgb & 0xff) / 255f;
      }
    }
    return new ImageTensor(3, h, w, data);
  }
}
