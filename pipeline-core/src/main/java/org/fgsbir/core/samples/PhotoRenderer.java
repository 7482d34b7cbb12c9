package org.fgsbir.core.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint.ColorSpaceType;
import java.awt.MultipleGradientPaint.CycleMethod;
import java.awt.Paint;
import java.awt.RadialGradientPaint;
import java.awt.LinearGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders a {@link Figure} as a product-style photo: a light, slightly varying background, a soft floor
 * shadow, a small random pose (rotation, scale, shift), shaded and lightly textured parts. Java2D with
 * antialiasing; the result is deterministic for a given JDK.
 */
final class PhotoRenderer {
  static final int SIZE = 256;

  private PhotoRenderer() {}

  static BufferedImage render(Figure figure, Rng rng) {
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
      paintBackground(g, rng.fork("background"));

      Rng pose = rng.fork("pose");
      AffineTransform t = new AffineTransform();
      t.translate(SIZE / 2.0 + pose.normal(4), SIZE / 2.0 + pose.normal(3));
      t.rotate(StrictMath.toRadians(pose.range(-4, 4)));
      double s = pose.range(0.9, 1.03);
      t.scale(s, s);
      t.translate(-SIZE / 2.0, -SIZE / 2.0);
      t.concatenate(figure.toCanvas());

      Shape silhouette = t.createTransformedShape(figure.silhouette());
      paintFloorShadow(g, silhouette.getBounds2D(), rng.fork("shadow"));

      g.transform(t);
      double unit = Math.sqrt(Math.abs(t.getDeterminant()));
      for (Figure.PaintOp op : figure.paints()) {
        paintOp(g, op, unit);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  static byte[] encodePng(BufferedImage img) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
      Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
      ImageWriter writer = writers.next();
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (param.canWriteCompressed()) {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(0.0f); // smallest file
        }
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a generated photo as PNG: " + e.getMessage(), e);
    }
  }

  private static void paintBackground(Graphics2D g, Rng rng) {
    int base = rng.between(234, 250);
    Color top = new Color(clamp(base + rng.between(-4, 3)), clamp(base + rng.between(-3, 3)),
        clamp(base + rng.between(-3, 5)));
    int style = rng.pickWeighted(0.35, 0.4, 0.25);
    if (style == 0) {
      g.setColor(top);
      g.fillRect(0, 0, SIZE, SIZE);
      return;
    }
    int drop = rng.between(5, 16);
    Color bottom = new Color(clamp(top.getRed() - drop), clamp(top.getGreen() - drop),
        clamp(top.getBlue() - drop + rng.between(-2, 2)));
    Paint p;
    if (style == 1) {
      float horizon = (float) rng.range(0.45, 0.75);
      p = new LinearGradientPaint(new Point2D.Double(0, 0), new Point2D.Double(0, SIZE),
          new float[] {0f, horizon, 1f}, new Color[] {top, mix(top, bottom, 0.5), bottom});
    } else {
      p = new RadialGradientPaint(new Point2D.Double(SIZE / 2.0, SIZE * 0.45), SIZE * 0.8f,
          new float[] {0f, 1f}, new Color[] {top, bottom});
    }
    g.setPaint(p);
    g.fillRect(0, 0, SIZE, SIZE);
  }

  private static void paintFloorShadow(Graphics2D g, Rectangle2D b, Rng rng) {
    if (rng.chance(0.15)) {
      return;
    }
    double cx = b.getCenterX() + rng.range(-6, 6);
    double cy = b.getMaxY() - 1;
    double rx = b.getWidth() * rng.range(0.5, 0.62);
    double ry = rng.range(5, 11);
    int alpha = rng.between(45, 95);
    paintGlow(g, cx, cy, rx, ry, new Color(40, 40, 45), alpha / 255.0);
  }

  private static void paintGlow(Graphics2D g, double cx, double cy, double rx, double ry, Color c,
      double alpha) {
    if (rx <= 0 || ry <= 0) {
      return;
    }
    Color inner = new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.min(1, alpha)));
    Color outer = new Color(c.getRed(), c.getGreen(), c.getBlue(), 0);
    AffineTransform squash = new AffineTransform();
    squash.translate(cx, cy);
    squash.scale(1, ry / rx);
    squash.translate(-cx, -cy);
    Paint p = new RadialGradientPaint(new Point2D.Double(cx, cy), (float) rx, new Point2D.Double(cx, cy),
        new float[] {0f, 1f}, new Color[] {inner, outer}, CycleMethod.NO_CYCLE, ColorSpaceType.SRGB, squash);
    g.setPaint(p);
    g.fill(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry));
  }

  private static void paintOp(Graphics2D g, Figure.PaintOp op, double unit) {
    if (op.isGlow()) {
      Shape oldClip = g.getClip();
      if (op.clip() != null) {
        g.clip(op.clip());
      }
      Rectangle2D r = op.shape().getBounds2D();
      paintGlow(g, r.getCenterX(), r.getCenterY(), r.getWidth() / 2, r.getHeight() / 2, op.lineColor(),
          op.glowAlpha());
      g.setClip(oldClip);
      return;
    }
    if (op.look() != null) {
      g.setPaint(paintFor(op.look(), op.shape().getBounds2D()));
      g.fill(op.shape());
      if (op.look().texture() != Look.Texture.NONE) {
        Shape oldClip = g.getClip();
        g.clip(op.shape());
        paintTexture(g, op.look(), op.shape().getBounds2D(), unit);
        g.setClip(oldClip);
      }
      if (op.lineColor() != null && op.lineWidth() > 0) {
        g.setColor(op.lineColor());
        g.setStroke(new BasicStroke(op.lineWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(op.shape());
      }
      return;
    }
    g.setColor(op.lineColor());
    g.setStroke(new BasicStroke(op.lineWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
        op.dash(), 0f));
    g.draw(op.shape());
  }

  private static Paint paintFor(Look look, Rectangle2D b) {
    Color c = look.color();
    double k = look.contrast();
    switch (look.shading()) {
      case FLAT:
        return c;
      case LINEAR:
      case GLOSS: {
        double dx = StrictMath.cos(look.angle());
        double dy = StrictMath.sin(look.angle());
        double half = 0.5 * (Math.abs(dx) * b.getWidth() + Math.abs(dy) * b.getHeight()) + 0.5;
        Point2D p0 = new Point2D.Double(b.getCenterX() - dx * half, b.getCenterY() - dy * half);
        Point2D p1 = new Point2D.Double(b.getCenterX() + dx * half, b.getCenterY() + dy * half);
        if (look.shading() == Look.Shading.LINEAR) {
          return new LinearGradientPaint(p0, p1, new float[] {0f, 0.45f, 1f},
              new Color[] {lighter(c, 0.2 * k), c, darker(c, 0.3 * k)});
        }
        return new LinearGradientPaint(p0, p1, new float[] {0f, 0.28f, 0.4f, 0.47f, 0.6f, 1f},
            new Color[] {lighter(c, 0.25 * k), c, lighter(c, 0.55 * k), lighter(c, 0.15 * k), c,
                darker(c, 0.45 * k)});
      }
      case CYLINDER:
      case PRISM: {
        double[] a = look.axis();
        double ax = a[2] - a[0];
        double ay = a[3] - a[1];
        double len = Math.hypot(ax, ay);
        double nx = len == 0 ? 1 : -ay / len;
        double ny = len == 0 ? 0 : ax / len;
        if (nx + ny > 0) { // point the normal to the lit upper left
          nx = -nx;
          ny = -ny;
        }
        double r = Math.max(0.5, a[4]);
        double mx = (a[0] + a[2]) / 2;
        double my = (a[1] + a[3]) / 2;
        Point2D lit = new Point2D.Double(mx + nx * r, my + ny * r);
        Point2D dark = new Point2D.Double(mx - nx * r, my - ny * r);
        if (look.shading() == Look.Shading.CYLINDER) {
          return new LinearGradientPaint(lit, dark, new float[] {0f, 0.22f, 0.55f, 1f},
              new Color[] {darker(c, 0.05 * k), lighter(c, 0.3 * k), c, darker(c, 0.45 * k)});
        }
        return new LinearGradientPaint(lit, dark, new float[] {0f, 0.5f, 0.52f, 1f},
            new Color[] {lighter(c, 0.18 * k), lighter(c, 0.08 * k), darker(c, 0.2 * k), darker(c, 0.32 * k)});
      }
      default:
        throw new IllegalStateException("unknown shading " + look.shading());
    }
  }

  private static void paintTexture(Graphics2D g, Look look, Rectangle2D b, double unit) {
    Rng rng = Rng.forKey(look.textureSeed(), "texture");
    Color c = look.color();
    double px = 1.0 / unit; // one canvas pixel in model units
    double cx = b.getCenterX();
    double cy = b.getCenterY();
    double extent = 0.5 * Math.hypot(b.getWidth(), b.getHeight()) + 2 * px;
    switch (look.texture()) {
      case WOOD -> {
        double ux = StrictMath.cos(look.grain());
        double uy = StrictMath.sin(look.grain());
        double spacing = rng.range(2.6, 4.2) * px;
        g.setStroke(new BasicStroke((float) (0.7 * px), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double v = -extent; v <= extent; v += spacing * rng.range(0.6, 1.5)) {
          Color line = withAlpha(darker(c, rng.range(0.15, 0.4)), rng.between(50, 110));
          g.setColor(line);
          Path2D.Double p = new Path2D.Double();
          double amp = rng.range(0.2, 1.1) * px;
          double wave = rng.range(14, 40) * px;
          double phase = rng.range(0, 6.28);
          boolean first = true;
          for (double u = -extent; u <= extent; u += 2 * px) {
            double off = v + amp * StrictMath.sin(u / wave + phase);
            double x = cx + ux * u - uy * off;
            double y = cy + uy * u + ux * off;
            if (first) {
              p.moveTo(x, y);
              first = false;
            } else {
              p.lineTo(x, y);
            }
          }
          g.draw(p);
        }
      }
      case FABRIC, CANVAS -> {
        double spacing = (look.texture() == Look.Texture.FABRIC ? 3.2 : 2.6) * px;
        double base = look.texture() == Look.Texture.FABRIC ? StrictMath.PI / 4 : 0;
        g.setStroke(new BasicStroke((float) (0.6 * px)));
        for (int dir = 0; dir < 2; dir++) {
          double a = base + dir * StrictMath.PI / 2;
          double ux = StrictMath.cos(a);
          double uy = StrictMath.sin(a);
          g.setColor(withAlpha(dir == 0 ? darker(c, 0.4) : lighter(c, 0.4), 22));
          for (double v = -extent; v <= extent; v += spacing) {
            g.draw(new java.awt.geom.Line2D.Double(cx - ux * extent - uy * v, cy - uy * extent + ux * v,
                cx + ux * extent - uy * v, cy + uy * extent + ux * v));
          }
        }
      }
      case KNIT -> {
        double spacing = 2.8 * px;
        double ux = StrictMath.cos(look.grain());
        double uy = StrictMath.sin(look.grain());
        g.setStroke(new BasicStroke((float) (0.6 * px)));
        g.setColor(withAlpha(darker(c, 0.45), 40));
        for (double v = -extent; v <= extent; v += spacing) {
          Path2D.Double p = new Path2D.Double();
          boolean first = true;
          int k = 0;
          for (double u = -extent; u <= extent; u += 1.4 * px, k++) {
            double off = v + ((k & 1) == 0 ? 0.7 : -0.7) * px;
            double x = cx + ux * u - uy * off;
            double y = cy + uy * u + ux * off;
            if (first) {
              p.moveTo(x, y);
              first = false;
            } else {
              p.lineTo(x, y);
            }
          }
          g.draw(p);
        }
      }
      case SPECKLE -> {
        int n = (int) (b.getWidth() * b.getHeight() * unit * unit / 90);
        for (int i = 0; i < n; i++) {
          double x = b.getX() + rng.uniform() * b.getWidth();
          double y = b.getY() + rng.uniform() * b.getHeight();
          g.setColor(withAlpha(rng.chance(0.5) ? darker(c, 0.35) : lighter(c, 0.3), 30));
          g.fill(new Ellipse2D.Double(x - 0.6 * px, y - 0.6 * px, 1.2 * px, 1.2 * px));
        }
      }
      case NONE -> {
      }
      default -> throw new IllegalStateException("unknown texture " + look.texture());
    }
  }

  static Color lighter(Color c, double f) {
    return mix(c, Color.WHITE, Math.min(1, f));
  }

  static Color darker(Color c, double f) {
    return mix(c, Color.BLACK, Math.min(1, f));
  }

  static Color mix(Color a, Color b, double f) {
    return new Color(clamp((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f)),
        clamp((int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f)),
        clamp((int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f)));
  }

  static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.max(0, Math.min(255, alpha)));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
