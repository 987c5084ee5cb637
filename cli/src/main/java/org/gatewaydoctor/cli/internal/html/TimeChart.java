package org.gatewaydoctor.cli.internal.html;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An incident chart as inline SVG: answers per minute as stacked bars by status (or by series), dated
 * events as dots in one lane per layer, and changes (reloads, restarts, updates) as dashed markers
 * across both. Every bar segment and dot carries {@code data-point} and {@code data-minute} and a
 * {@code <title>} (the browser's own tooltip, no script needed). Over more than {@value #MAX_BARS} minutes
 * the bars sum buckets of a round number of minutes ({@code data-bucket-minutes}).
 */
final class TimeChart {

    /** One stacked bar segment: {@code count} answers of {@code series} in the minute from {@code minute}. */
    record Bar(Instant minute, String series, long count) {
        Bar {
            Objects.requireNonNull(minute, "minute");
            Objects.requireNonNull(series, "series");
        }
    }

    /** One dated event in the lane {@code lane}; {@code cause} draws it as evidence of a cause. */
    record Event(Instant at, String lane, boolean cause, String title) {
    }

    /** A change (a reload, a restart, an update) at {@code at}. */
    record Change(Instant at, String title) {
    }

    private static final int WIDTH = 1000;
    private static final int LEFT = 120;
    private static final int RIGHT = 16;
    private static final int LANE = 24;
    private static final int AXIS = 34;
    /** At most this many bars: beyond, minutes are summed into buckets of a round size. */
    static final int MAX_BARS = 720;
    private static final long[] TICK_MINUTES = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080};
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HM = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final ZoneId zone;
    private final List<Bar> bars = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<String> lanes = new ArrayList<>();
    private final List<String> seriesOrder;
    private int barsHeight = 140;

    /**
     * @param zone the zone times are shown in
     * @param seriesOrder the bar series from the bottom up; others follow in the order they come
     */
    TimeChart(ZoneId zone, List<String> seriesOrder) {
        this.zone = zone;
        this.seriesOrder = new ArrayList<>(seriesOrder);
    }

    TimeChart bar(Bar b) {
        bars.add(b);
        if (!seriesOrder.contains(b.series())) {
            seriesOrder.add(b.series());
        }
        return this;
    }

    TimeChart event(Event e) {
        events.add(e);
        if (!lanes.contains(e.lane())) {
            lanes.add(e.lane());
        }
        return this;
    }

    TimeChart change(Change c) {
        changes.add(c);
        return this;
    }

    /** Lanes in this order (those given first, then as they came). */
    TimeChart lanes(List<String> order) {
        List<String> sorted = new ArrayList<>(order.stream().filter(lanes::contains).toList());
        lanes.stream().filter(l -> !sorted.contains(l)).forEach(sorted::add);
        lanes.clear();
        lanes.addAll(sorted);
        return this;
    }

    /** A lower chart (a histogram beside others). */
    TimeChart barsHeight(int height) {
        this.barsHeight = height;
        return this;
    }

    boolean isEmpty() {
        return bars.isEmpty() && events.isEmpty() && changes.isEmpty();
    }

    List<String> series() {
        return seriesOrder.stream().filter(s -> bars.stream().anyMatch(b -> b.series().equals(s))).toList();
    }

    /** The SVG, {@code label} as its accessible name. */
    String svg(String label, java.util.function.Function<String, String> seriesClass) {
        if (isEmpty()) {
            return "";
        }
        Instant first = null;
        Instant last = null;
        List<Instant> all = new ArrayList<>();
        bars.forEach(b -> all.add(b.minute()));
        events.forEach(e -> all.add(e.at()));
        changes.forEach(c -> all.add(c.at()));
        for (Instant t : all) {
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
        }
        Instant from = first.truncatedTo(ChronoUnit.MINUTES);
        Instant to = last.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        if (Duration.between(from, to).toMinutes() < 10) {
            long pad = (10 - Duration.between(from, to).toMinutes() + 1) / 2;
            from = from.minus(Duration.ofMinutes(pad));
            to = to.plus(Duration.ofMinutes(pad));
        }
        double span = Duration.between(from, to).toMillis();
        double plot = WIDTH - LEFT - RIGHT;
        boolean hasBars = !bars.isEmpty();
        int barsTop = 14;
        int barsBottom = hasBars ? barsTop + barsHeight : barsTop;
        int lanesTop = barsBottom + (hasBars ? 12 : 0);
        int lanesBottom = lanesTop + LANE * lanes.size();
        int height = lanesBottom + AXIS;
        Instant origin = from;
        java.util.function.ToDoubleFunction<Instant> x = t -> LEFT + plot * Duration.between(origin, t).toMillis() / span;

        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.text(label)).append("\" data-chart>\n");
        // time grid and axis
        long minutes = Duration.between(from, to).toMinutes();
        long step = TICK_MINUTES[TICK_MINUTES.length - 1];
        for (long m : TICK_MINUTES) {
            if (minutes / m <= 8) {
                step = m;
                break;
            }
        }
        boolean days = !from.atZone(zone).toLocalDate().equals(to.minusSeconds(1).atZone(zone).toLocalDate());
        long fromEpochMin = from.getEpochSecond() / 60;
        long offsetMin = from.atZone(zone).getOffset().getTotalSeconds() / 60;
        long firstTick = Math.floorDiv(fromEpochMin + offsetMin + step - 1, step) * step - offsetMin;
        for (long tm = firstTick; tm * 60 <= to.getEpochSecond(); tm += step) {
            Instant t = Instant.ofEpochSecond(tm * 60);
            double tx = x.applyAsDouble(t);
            sb.append("<line class=\"grid\" x1=\"").append(Html.num(tx)).append("\" y1=\"").append(barsTop)
                    .append("\" x2=\"").append(Html.num(tx)).append("\" y2=\"").append(lanesBottom).append("\"/>");
            sb.append("<text class=\"axis-label\" x=\"").append(Html.num(tx)).append("\" y=\"").append(lanesBottom + 16)
                    .append("\" text-anchor=\"middle\">").append(Html.text((days ? DAY_HM : HM).format(t.atZone(zone))))
                    .append("</text>\n");
        }
        sb.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(lanesBottom).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(lanesBottom).append("\"/>\n");
        sb.append("<text class=\"axis-label\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(lanesBottom + 30)
                .append("\" text-anchor=\"end\">").append(Html.text(zone.getId())).append("</text>\n");

        if (hasBars) {
            // One bar per minute; over a long span one per bucket of whole minutes, so a page stays small.
            long bucket = 1;
            for (long b : TICK_MINUTES) {
                bucket = b;
                if (minutes / b <= MAX_BARS) {
                    break;
                }
            }
            Map<Instant, Map<String, Long>> perMinute = new TreeMap<>();
            for (Bar b : bars) {
                Instant start = Instant.ofEpochSecond(Math.floorDiv(b.minute().getEpochSecond(), bucket * 60) * bucket * 60);
                perMinute.computeIfAbsent(start, m -> new LinkedHashMap<>()).merge(b.series(), b.count(), Long::sum);
            }
            long max = perMinute.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                    .max().orElse(1);
            double unit = barsHeight / (double) Math.max(1, max);
            double barWidth = Math.max(1.5, Math.min(18, plot / Math.max(1, minutes / (double) bucket) * 0.8));
            String per = bucket == 1 ? "/min" : bucket < 60 ? "/" + bucket + " min" : "/" + bucket / 60 + " h";
            sb.append("<text class=\"axis-label\" x=\"").append(LEFT - 8).append("\" y=\"").append(barsTop + 10)
                    .append("\" text-anchor=\"end\">").append(max).append(per).append("</text>");
            sb.append("<text class=\"axis-label\" x=\"").append(LEFT - 8).append("\" y=\"").append(barsBottom)
                    .append("\" text-anchor=\"end\">0</text>");
            sb.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(barsBottom)
                    .append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(barsBottom).append("\"/>\n");
            for (Map.Entry<Instant, Map<String, Long>> e : perMinute.entrySet()) {
                double bx = x.applyAsDouble(e.getKey().plusSeconds(30 * bucket)) - barWidth / 2;
                double y = barsBottom;
                for (String series : seriesOrder) {
                    Long n = e.getValue().get(series);
                    if (n == null) {
                        continue;
                    }
                    double h = n * unit;
                    y -= h;
                    sb.append("<rect class=\"").append(Html.text(seriesClass.apply(series)))
                            .append("\" data-point=\"bar\" data-minute=\"").append(e.getKey())
                            .append(bucket == 1 ? "" : "\" data-bucket-minutes=\"" + bucket)
                            .append("\" data-series=\"").append(Html.text(series)).append("\" data-count=\"").append(n)
                            .append("\" x=\"").append(Html.num(bx)).append("\" y=\"").append(Html.num(y))
                            .append("\" width=\"").append(Html.num(barWidth)).append("\" height=\"")
                            .append(Html.num(Math.max(h, 0.5))).append("\"><title>")
                            .append(Html.text((days ? DAY_HM : HM).format(e.getKey().atZone(zone))
                                    + (bucket == 1 ? "" : " (" + bucket + " min)") + "  " + series + ": " + n))
                            .append("</title></rect>\n");
                }
            }
        }
        for (int i = 0; i < lanes.size(); i++) {
            int top = lanesTop + i * LANE;
            sb.append("<rect class=\"lane\" x=\"").append(LEFT).append("\" y=\"").append(top + 2).append("\" width=\"")
                    .append(Html.num(plot)).append("\" height=\"").append(LANE - 4).append("\"/>");
            sb.append("<text class=\"axis-label\" x=\"").append(LEFT - 8).append("\" y=\"").append(top + LANE / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(Html.text(lanes.get(i))).append("</text>\n");
        }
        for (Event e : events) {
            int lane = lanes.indexOf(e.lane());
            double cy = lanesTop + lane * LANE + LANE / 2.0;
            sb.append("<circle class=\"").append(e.cause() ? "ev ev-cause" : "ev")
                    .append("\" data-point=\"event\" data-minute=\"").append(e.at().truncatedTo(ChronoUnit.MINUTES))
                    .append("\" data-lane=\"").append(Html.text(e.lane())).append("\" cx=\"")
                    .append(Html.num(x.applyAsDouble(e.at()))).append("\" cy=\"").append(Html.num(cy))
                    .append("\" r=\"4.5\"><title>").append(Html.text(e.title())).append("</title></circle>\n");
        }
        for (Change c : changes) {
            double cx = x.applyAsDouble(c.at());
            sb.append("<g class=\"change\" data-point=\"change\" data-minute=\"").append(c.at().truncatedTo(ChronoUnit.MINUTES))
                    .append("\"><title>").append(Html.text(c.title())).append("</title><line x1=\"").append(Html.num(cx))
                    .append("\" y1=\"").append(barsTop).append("\" x2=\"").append(Html.num(cx)).append("\" y2=\"")
                    .append(lanesBottom).append("\"/><path d=\"M").append(Html.num(cx - 6)).append(' ').append(barsTop - 10)
                    .append(" L").append(Html.num(cx + 6)).append(' ').append(barsTop - 10).append(" L").append(Html.num(cx))
                    .append(' ').append(barsTop).append(" Z\"/></g>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The day the chart starts on, for a caption. */
    LocalDate firstDay() {
        return bars.stream().map(Bar::minute).min(Instant::compareTo)
                .or(() -> events.stream().map(Event::at).min(Instant::compareTo))
                .or(() -> changes.stream().map(Change::at).min(Instant::compareTo))
                .map(t -> t.atZone(zone).toLocalDate()).orElse(null);
    }
}
