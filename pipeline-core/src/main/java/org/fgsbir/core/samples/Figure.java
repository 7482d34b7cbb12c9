package org.fgsbir.core.samples;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One object instance as the generator sees it: an ordered list of paint operations (back to front, for
 * the photo) and an ordered list of traces (the lines a person would draw, for the sketches), both built
 * from the same part geometry in model coordinates, plus the transform that fits the object onto the
 * 256 x 256 canvas.
 */
final class Figure {

  /** Sketch levels, drawn in this order: coarse to fine. */
  enum Level {
    /** The silhouette; never omitted. */
    OUTLINE,
    /** Major parts: sole line, collar, seat, legs, back frame. */
    MAJOR,
    /** Details: laces, eyelets, stripes, stitching, slats, ornaments. */
    DETAIL
  }

  /**
   * One paint operation. A fill has a {@link Look}; a line has a colour and width; a glow is a soft
   * elliptical highlight or shade clipped to {@code clip}. Solid operations hide what is behind them
   * and make up the silhouette.
   *
   * @param name part name
   * @param shape geometry (the filled region, the stroked path, or the glow's ellipse bounds)
   * @param look fill look, or null
   * @param lineColor line or edge colour, or null for no line
   * @param lineWidth line or edge width
   * @param dash dash pattern of the line, or null
   * @param solid whether the part occludes and belongs to the silhouette
   * @param glowAlpha for a glow, its peak opacity; 0 otherwise
   * @param clip for a glow, the region it is clipped to; null otherwise
   */
  record PaintOp(String name, Shape shape, Look look, Color lineColor, float lineWidth, float[] dash,
      boolean solid, double glowAlpha, Shape clip) {

    boolean isGlow() {
      return glowAlpha > 0;
    }
  }

  /**
   * A line a person would draw.
   *
   * @param name part name
   * @param group omission group: details of one group are kept or dropped together when the group
   *     name starts with {@code "~"}
   * @param level coarse-to-fine level
   * @param path the line, in model coordinates
   * @param owner index of the paint operation this line belongs to; solid parts painted after it hide it
   * @param dashed whether a person would draw it as dashes (stitching)
   */
  record Trace(String name, String group, Level level, Poly path, int owner, boolean dashed) {}

  private final List<PaintOp> paints = new ArrayList<>();
  private final List<Trace> traces = new ArrayList<>();
  private final List<String> drawOrder = new ArrayList<>();
  private AffineTransform toCanvas = new AffineTransform();

  /**
   * Sets the order in which a person draws trace groups within a level (groups not listed come after,
   * in the order they were added).
   */
  void drawOrder(String... groups) {
    drawOrder.clear();
    drawOrder.addAll(List.of(groups));
  }

  /** The rank of a group in the drawing order (listed groups first). */
  int drawRank(String group) {
    int i = drawOrder.indexOf(group);
    return i < 0 ? drawOrder.size() : i;
  }

  /** Adds a solid filled part with a thin edge line; returns its paint index. */
  int fill(String name, Shape shape, Look look, Color edge, double edgeWidth) {
    paints.add(new PaintOp(name, shape, look, edge, (float) edgeWidth, null, true, 0, null));
    return paints.size() - 1;
  }

  /** Adds a non-solid filled overlay (e.g. a lining or a stripe that does not change the silhouette). */
  int overlay(String name, Shape shape, Look look, Color edge, double edgeWidth) {
    paints.add(new PaintOp(name, shape, look, edge, (float) edgeWidth, null, false, 0, null));
    return paints.size() - 1;
  }

  /** Adds a stroked line (laces, seams, stitching when {@code dash} is given). */
  int line(String name, Shape path, Color color, double width, float[] dash) {
    paints.add(new PaintOp(name, path, null, color, (float) width, dash, false, 0, null));
    return paints.size() - 1;
  }

  /** Adds a soft elliptical glow (highlight when the colour is light, shade when dark). */
  int glow(String name, double cx, double cy, double rx, double ry, Color color, double alpha, Shape clip) {
    paints.add(new PaintOp(name, new Rectangle2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry), null, color, 0,
        null, false, alpha, clip));
    return paints.size() - 1;
  }

  /** Adds a trace owned by paint operation {@code owner}. */
  void trace(String name, String group, Level level, Poly path, int owner) {
    traces.add(new Trace(name, group, level, path, owner, false));
  }

  /** Adds a dashed trace (stitching) owned by paint operation {@code owner}. */
  void dashedTrace(String name, String group, Poly path, int owner) {
    traces.add(new Trace(name, group, Level.DETAIL, path, owner, true));
  }

  int lastIndex() {
    return paints.size() - 1;
  }

  List<PaintOp> paints() {
    return Collections.unmodifiableList(paints);
  }

  List<Trace> traces() {
    return Collections.unmodifiableList(traces);
  }

  AffineTransform toCanvas() {
    return new AffineTransform(toCanvas);
  }

  /** The union of all solid parts, in model coordinates. */
  Area silhouette() {
    Area a = new Area();
    for (PaintOp p : paints) {
      if (p.solid()) {
        a.add(new Area(p.shape()));
      }
    }
    return a;
  }

  /**
   * Sets the model-to-canvas transform so that the silhouette is centred on {@code (cx, cy)} and fits
   * {@code maxWidth x maxHeight} (uniform scale).
   */
  void fitTo(double cx, double cy, double maxWidth, double maxHeight) {
    Rectangle2D b = silhouette().getBounds2D();
    double scale = Math.min(maxWidth / b.getWidth(), maxHeight / b.getHeight());
    AffineTransform t = new AffineTransform();
    t.translate(cx, cy);
    t.scale(scale, scale);
    t.translate(-b.getCenterX(), -b.getCenterY());
    toCanvas = t;
  }
}
