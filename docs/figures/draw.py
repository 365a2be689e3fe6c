#!/usr/bin/env python3
"""Draw the exercise illustrations of the shipped guide as small SVG line drawings.

    python3 docs/figures/draw.py                 # every exercise in POSES
    python3 docs/figures/draw.py glute-bridge    # only the ones named
    python3 docs/figures/draw.py --sheet /tmp/sheet.html   # also write a contact sheet

Each exercise has a start and an end pose; each pose is a small dict of segment
angles (see README.md next to this file). The SVGs are written to
content/exercises/<slug>/start.svg and end.svg. Standard library only.
"""

import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXERCISES = os.path.join(ROOT, "content", "exercises")

# ---------------------------------------------------------------- the figure
# World units: about 200 for a standing body (so 1 unit is a little under 1 cm).
# x grows to the right, y grows UP from the floor (y = 0 is the floor).
LEN = {
    "torso": 58,     # hip joint -> shoulder joint
    "neck": 8,       # shoulder joint -> base of the head
    "head_r": 13,    # head radius; the head's centre is head_r past the neck
    "upper": 36,     # shoulder -> elbow
    "fore": 40,      # elbow -> end of the hand (forearm and hand are one stroke)
    "thigh": 49,     # hip -> knee
    "shin": 48,      # knee -> ankle
    "ankle": 7,      # ankle -> centre line of the sole
    "heel": 6,       # heel behind the point under the ankle
    "toe": 20,       # toes in front of the point under the ankle
}
# Stroke widths of each part (side view).
WIDTH = {"torso": 25, "neck": 10, "upper": 11, "fore": 9, "thigh": 16,
         "shin": 12, "foot": 7}
ANKLE_Y = LEN["ankle"] + WIDTH["foot"] / 2   # ankle height when the sole is on the floor

W, H = 400, 300          # every image: same canvas, same scale
SCALE = 1.25             # svg pixels per world unit
FLOOR = 284              # svg y of the floor line
HALO = 4                 # white gap drawn around every body part

COLOR = {
    "near": "#4b5563",    # body, near limbs
    "far": "#b6bec9",     # far limbs
    "accent": "#f29e4c",  # working muscle
    "band": "#d9485f",    # bands
    "prop": "#7b8794",    # outline of equipment
    "propfill": "#e4e8ed",
    "floor": "#eef1f4",
    "floorline": "#cfd6de",
    "mat": "#d7ece6",
    "ball": "#c7d948",
}


def vec(angle, length=1.0):
    a = math.radians(angle)
    return (math.cos(a) * length, math.sin(a) * length)


def add(p, q, k=1.0):
    return (p[0] + q[0] * k, p[1] + q[1] * k)


def sub(p, q):
    return (p[0] - q[0], p[1] - q[1])


def dist(p, q):
    return math.hypot(p[0] - q[0], p[1] - q[1])


def angle_of(v):
    return math.degrees(math.atan2(v[1], v[0]))


def lerp(p, q, t):
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def two_link(root, target, a, b, bend):
    """Middle joint of a two-segment chain from root reaching target.
    bend=+1 puts the joint counter-clockwise of the root->target line
    (a knee in front for a figure facing right), -1 clockwise (an elbow)."""
    d = dist(root, target)
    base = angle_of(sub(target, root))
    if d >= a + b - 0.01:
        return add(root, vec(base, a))
    if d <= abs(a - b) + 0.01:
        d = abs(a - b) + 0.01
    cos_al = (a * a + d * d - b * b) / (2 * a * d)
    al = math.degrees(math.acos(max(-1.0, min(1.0, cos_al))))
    return add(root, vec(base + bend * al, a))


class Figure:
    """Joint positions of one pose, computed from the pose dict."""

    def __init__(self, pose):
        self.pose = pose
        self.view = pose.get("view", "side")
        front = self.view == "front"
        self.torso_w = pose.get("torso_w", 34 if front else WIDTH["torso"])
        torso = pose.get("torso", 90)
        if "shoulder" in pose and torso == "bridge":
            torso = self._solve_bridge(pose)
        self.torso_angle = torso
        if "hip" in pose:
            self.hip = tuple(pose["hip"])
            self.shoulder = add(self.hip, vec(torso, LEN["torso"]))
        else:
            self.shoulder = tuple(pose["shoulder"])
            self.hip = add(self.shoulder, vec(torso, -LEN["torso"]))
        neck = pose.get("neck", torso)
        self.neck_end = add(self.shoulder, vec(neck, LEN["neck"]))
        self.head = add(self.neck_end, vec(neck, LEN["head_r"]))
        # lateral axis of the trunk, used to place the limbs of a front view
        self.side_axis = vec(torso - 90)
        self.limbs = {}
        for name in ("far_leg", "far_arm", "near_leg", "near_arm"):
            self.limbs[name] = self._limb(name)

    def _solve_bridge(self, pose):
        """Torso angle that puts shoulder, hip and knee of the near leg in one
        line while the ankle stays where the pose puts it (bridges, thrusts)."""
        s = tuple(pose["shoulder"])
        legs = [pose.get(n) for n in ("near_leg", "far_leg")]
        ankle = next(tuple(l["to"]) for l in legs if isinstance(l, dict) and "to" in l)
        reach = LEN["torso"] + LEN["thigh"]
        best, best_err = None, 1e9
        for i in range(3600):
            a = i / 10.0
            hip = add(s, vec(a, -LEN["torso"]))
            knee = add(s, vec(a, -reach))
            if hip[1] < s[1] - 1:        # hips may not sink below the shoulders
                continue
            err = abs(dist(knee, ankle) - LEN["shin"])
            if knee[0] < ankle[0] - LEN["shin"] or knee[0] > ankle[0] + 5:
                continue
            if err < best_err:
                best, best_err = a, err
        return best

    def _limb(self, name):
        leg = name.endswith("leg")
        spec = self.pose.get(name)
        if spec is None:                     # far limb hidden behind the near one
            spec = self.pose.get(name.replace("far", "near"), None)
        if spec is None:
            spec = {"a": [-90, -90]}
        if isinstance(spec, (list, tuple)):
            spec = {"a": list(spec)}
        a_len, b_len = (LEN["thigh"], LEN["shin"]) if leg else (LEN["upper"], LEN["fore"])
        root = self.hip if leg else self.shoulder
        side = spec.get("side", 0)
        root = add(root, self.side_axis, side)
        if spec.get("a") == "line":          # straight, in line with the trunk
            mid = add(root, vec(self.torso_angle + 180, a_len))
            end = add(mid, vec(self.torso_angle + 180, b_len))
        elif "pts" in spec:                  # explicit joint positions
            mid, end = tuple(spec["pts"][0]), tuple(spec["pts"][1])
        elif "to" in spec and spec.get("straight"):   # seen from the front: knee on the line
            end = tuple(spec["to"])
            mid = lerp(root, end, a_len / (a_len + b_len))
        elif "to" in spec:                   # reach a point, bend like a knee or an elbow
            s = spec.get("scale", 1.0)
            bend = spec.get("bend", 1 if leg else -1)
            end = tuple(spec["to"])
            mid = two_link(root, end, a_len * s, b_len * s, bend)
            if dist(mid, end) > b_len * s + 0.5:   # out of reach: point at it
                end = add(mid, vec(angle_of(sub(end, mid)), b_len * s))
        else:
            angs = spec["a"]
            segs = []
            for ang, ln in zip(angs[:2], (a_len, b_len)):
                if isinstance(ang, (list, tuple)):
                    ang, k = ang
                else:
                    k = 1.0
                segs.append((ang, ln * k))
            mid = add(root, vec(*segs[0]))
            end = add(mid, vec(*segs[1]))
        limb = {"root": root, "mid": mid, "end": end, "leg": leg,
                "shade": spec.get("shade", "far" if name.startswith("far") else "near")}
        if leg:
            shin_dir = angle_of(sub(end, mid))
            foot = spec.get("foot", 0 if "to" in spec else shin_dir + 90)
            fscale = 1.0
            if isinstance(foot, (list, tuple)):
                foot, fscale = foot
            sole = add(end, vec(foot - 90, LEN["ankle"] * min(1.0, fscale + 0.3)))
            limb["heel"] = add(sole, vec(foot, -LEN["heel"] * fscale))
            limb["toe"] = add(sole, vec(foot, LEN["toe"] * fscale))
            limb["sole"] = sole
        return limb

    def point(self, ref):
        """A named point of the body ('near_hand', 'far_knee', 'hip', ...) or (x, y)."""
        if not isinstance(ref, str):
            return tuple(ref)
        if ref in ("hip", "shoulder", "head"):
            return getattr(self, ref)
        side, part = ref.split("_", 1)
        limb = self.limbs[side + ("_leg" if part in ("knee", "ankle", "heel", "toe", "sole", "foot") else "_arm")]
        return {"knee": limb["mid"], "elbow": limb["mid"], "ankle": limb["end"],
                "hand": limb["end"], "heel": limb["heel"] if "heel" in limb else None,
                "toe": limb.get("toe"), "sole": limb.get("sole"),
                "foot": lerp(limb.get("heel", limb["end"]), limb.get("toe", limb["end"]), 0.45)}[part]


# ---------------------------------------------------------------- svg output
class Canvas:
    def __init__(self, flip, shift, ground=FLOOR):
        self.ground = ground
        self.items = []
        self.flip = flip
        self.shift = shift
        self.xs = []

    def xy(self, p):
        x = (p[0] + self.shift) * SCALE + W / 2
        if self.flip:
            x = W - x
        return round(x, 1), round(self.ground - p[1] * SCALE, 1)

    @staticmethod
    def n(v):
        s = ("%.1f" % v).rstrip("0").rstrip(".")
        return "0" if s == "-0" else s

    def line(self, p, q, color, width, extra=""):
        (x1, y1), (x2, y2) = self.xy(p), self.xy(q)
        n = self.n
        self.items.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>'
                          % (n(x1), n(y1), n(x2), n(y2), color, n(width * SCALE), extra))

    def path(self, pts, color, width, fill="none", close=False):
        c = [self.xy(p) for p in pts]
        d = "M" + " L".join("%s %s" % (self.n(x), self.n(y)) for x, y in c) + (" Z" if close else "")
        self.items.append('<path d="%s" stroke="%s" stroke-width="%s" fill="%s"/>'
                          % (d, color, self.n(width * SCALE), fill))

    def circle(self, c, r, fill, stroke="none", width=0):
        x, y = self.xy(c)
        extra = ' stroke="%s" stroke-width="%s"' % (stroke, self.n(width * SCALE)) if stroke != "none" else ""
        self.items.append('<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>'
                          % (self.n(x), self.n(y), self.n(r * SCALE), fill, extra))

    def rect(self, x0, y0, x1, y1, fill, stroke="none", width=0, r=0):
        (a, b), (c, d) = self.xy((x0, y1)), self.xy((x1, y0))
        if a > c:
            a, c = c, a
        extra = ' stroke="%s" stroke-width="%s"' % (stroke, self.n(width * SCALE)) if stroke != "none" else ""
        rr = ' rx="%s"' % self.n(r * SCALE) if r else ""
        self.items.append('<rect x="%s" y="%s" width="%s" height="%s"%s fill="%s"%s/>'
                          % (self.n(a), self.n(b), self.n(c - a), self.n(d - b), rr, fill, extra))


def limb_segments(fig, limb, view):
    """(from, to, width) strokes of one limb, root first."""
    k = 0.85 if view == "front" and not limb["leg"] else 1.0
    if limb["leg"]:
        return [(limb["root"], limb["mid"], WIDTH["thigh"]),
                (limb["mid"], limb["end"], WIDTH["shin"]),
                (limb["end"], limb["sole"], WIDTH["shin"] * 0.8),
                (limb["heel"], limb["toe"], WIDTH["foot"])]
    return [(limb["root"], limb["mid"], WIDTH["upper"] * k),
            (limb["mid"], limb["end"], WIDTH["fore"] * k)]


def draw_part(cv, segs, color):
    for p, q, w in segs:
        cv.line(p, q, "#fff", w + 2 * HALO)
    for p, q, w in segs:
        cv.line(p, q, color, w)


def draw_body(cv, fig, layer_props):
    view = fig.view
    far_leg, far_arm = fig.limbs["far_leg"], fig.limbs["far_arm"]
    near_leg, near_arm = fig.limbs["near_leg"], fig.limbs["near_arm"]
    order = fig.pose.get("order", ["far_arm", "far_leg", "mid", "trunk", "near_leg", "near_arm"])
    for item in order:
        if item == "mid":
            layer_props("mid")
        elif item == "trunk":
            trunk = [(fig.hip, fig.shoulder, fig.torso_w),
                     (fig.shoulder, fig.neck_end, WIDTH["neck"])]
            for p, q, w in trunk:
                cv.line(p, q, "#fff", w + 2 * HALO)
            cv.circle(fig.head, LEN["head_r"] + HALO, "#fff")
            for p, q, w in trunk:
                cv.line(p, q, COLOR["near"], w)
            cv.circle(fig.head, LEN["head_r"], COLOR["near"])
            accent = fig.pose.get("accent", "glute")
            t = fig.torso_angle
            spots = []
            if accent == "glute":          # the buttock, seen from the side
                spots.append(add(add(fig.hip, vec(t + 90, fig.torso_w * 0.22)), vec(t, 4)))
            elif accent == "side":         # side of the hip (gluteus medius), seen from the front
                sides = fig.pose.get("accent_side", 9)
                for sd in (sides if isinstance(sides, (list, tuple)) else [sides]):
                    spots.append(add(add(fig.hip, vec(t, 9)), fig.side_axis, sd))
            for c in spots:
                x, y = cv.xy(c)
                rot = (-t if not cv.flip else t) + 90
                cv.items.append('<ellipse cx="%s" cy="%s" rx="%s" ry="%s" transform="rotate(%s %s %s)" fill="%s"/>'
                                % (cv.n(x), cv.n(y), cv.n(8 * SCALE), cv.n(6 * SCALE), cv.n(rot),
                                   cv.n(x), cv.n(y), COLOR["accent"]))
        else:
            limb = fig.limbs[item]
            draw_part(cv, limb_segments(fig, limb, view), COLOR[limb["shade"]])


def band_points(fig, which, t):
    part = "thigh" if which == "thigh" else "shin"
    pts = []
    for name in ("far_leg", "near_leg"):
        limb = fig.limbs[name]
        a, b = (limb["root"], limb["mid"]) if part == "thigh" else (limb["mid"], limb["end"])
        pts.append((lerp(a, b, t), angle_of(sub(b, a))))
    return pts


def draw_prop(cv, fig, prop, layer):
    kind = prop[0]
    default_layer = {"miniband": "front", "dumbbell": "front", "band": "front",
                     "loop": "mid", "ball": "back", "roller": "back"}.get(kind, "back")
    if prop[-1] in ("back", "mid", "front") and isinstance(prop[-1], str) and len(prop) > 1:
        want, prop = prop[-1], prop[:-1]
    else:
        want = default_layer
    if want != layer and kind != "hip_pad":
        return
    P = fig.point
    if kind == "mat":                          # x0, x1 [, near and far edge y: a mat seen from above]
        y0, y1 = (prop[3], prop[4]) if len(prop) > 4 else (-1, 3)
        cv.rect(prop[1], y0, prop[2], y1, COLOR["mat"], r=2)
    elif kind == "wall":
        x = prop[1]
        cv.rect(x, 0, x + 18, 250, COLOR["propfill"])
        cv.line((x, 0), (x, 250), COLOR["prop"], 3)
    elif kind == "bench":                      # seen end-on: pad and a frame
        x0, x1, top = prop[1], prop[2], prop[3]
        mid = (x0 + x1) / 2
        cv.path([(mid - 8, 0), (mid - 4, top - 8), (mid + 4, top - 8), (mid + 8, 0)],
                COLOR["prop"], 3, fill=COLOR["propfill"])
        cv.line((x0 + 4, 2), (x1 - 4, 2), COLOR["prop"], 4)
        cv.rect(x0, top - 9, x1, top, COLOR["propfill"], COLOR["prop"], 3, r=3)
    elif kind == "ball":                       # tennis ball on the floor at x
        x = prop[1]
        r = 6
        c = (x, r + (prop[2] if len(prop) > 2 else 0))
        cv.circle(c, r, COLOR["ball"], "#8a9a2a", 1.2)
    elif kind == "roller":                     # foam roller seen end-on
        c, r = (prop[1], 11), 11
        cv.circle(c, r, COLOR["propfill"], COLOR["prop"], 3)
        cv.circle(c, 3.5, COLOR["prop"])
    elif kind == "dumbbell":                   # seen end-on: a hexagonal plate
        c = P(prop[1])
        r = prop[2] if len(prop) > 2 else 9
        pts = [add(c, vec(30 + 60 * i, r)) for i in range(6)]
        cv.path(pts, "#fff", 3, fill=COLOR["prop"], close=True)
    elif kind == "miniband":                   # a loop around both legs
        (pf, af), (pn, an) = band_points(fig, prop[1], prop[2])
        w = 5
        if dist(pf, pn) > 4:
            cv.line(pf, pn, COLOR["band"], w)
        for p, a, wl in ((pn, an, WIDTH["thigh" if prop[1] == "thigh" else "shin"]),):
            cv.line(add(p, vec(a + 90, wl / 2 + 2)), add(p, vec(a - 90, wl / 2 + 2)), COLOR["band"], w)
    elif kind == "band":                       # a long band between two points
        cv.line(P(prop[1]), P(prop[2]), COLOR["band"], 4)
    elif kind == "loop":                       # a long loop hanging from a point to a point
        a, b = P(prop[1]), P(prop[2])
        n = vec(angle_of(sub(b, a)) + 90, 3)
        cv.path([add(a, n), add(b, n)], COLOR["band"], 3.5)
        cv.path([add(a, n, -1), add(b, n, -1)], COLOR["band"], 3.5)
    elif kind == "rack":                       # upright post and a bar over the head
        x, top, x_end = prop[1], prop[2], prop[3]
        cv.line((x, 0), (x, top), COLOR["prop"], 7)
        cv.line((x, top), (x_end, top), COLOR["prop"], 7)
    elif kind == "thrust_machine":             # back pad, base, foot plate
        x_back, pad_top, x_feet = prop[1], prop[2], prop[3]
        cv.line((x_back - 30, 3), (x_feet + 30, 3), COLOR["prop"], 6)
        cv.path([(x_back - 18, 3), (x_back - 10, pad_top - 8), (x_back - 2, 3)],
                COLOR["prop"], 3, fill=COLOR["propfill"])
        cv.rect(x_back - 34, pad_top - 9, x_back + 4, pad_top, COLOR["propfill"], COLOR["prop"], 3, r=3)
        cv.rect(x_feet - 28, 3, x_feet + 28, 9, COLOR["propfill"], COLOR["prop"], 3, r=2)
    elif kind == "hip_pad":                    # lever from a pivot behind the back pad to a pad on the hips
        pivot = tuple(prop[1])
        pad_c = (fig.hip[0], fig.hip[1] + fig.torso_w / 2 + 5)
        if layer == "back":
            cv.line(pivot, pad_c, COLOR["far"], 6)
            cv.circle(pivot, 5, COLOR["prop"])
            return
        if layer != "front":
            return
        cv.line(add(pad_c, (-13, 0)), add(pad_c, (13, 0)), "#fff", 10 + 2 * HALO)
        cv.line(add(pad_c, (-13, 0)), add(pad_c, (13, 0)), COLOR["prop"], 10)


def bbox_x(fig, props):
    xs = [fig.head[0] - LEN["head_r"], fig.head[0] + LEN["head_r"], fig.hip[0], fig.shoulder[0]]
    for limb in fig.limbs.values():
        for k in ("mid", "end", "heel", "toe"):
            if k in limb:
                xs.append(limb[k][0])
    for prop in props:
        if prop[0] in ("mat",):
            continue
        if prop[0] == "bench":
            xs += [prop[1], prop[2]]
        elif prop[0] == "wall":
            xs.append(prop[1] + 10)
        elif prop[0] == "rack":
            xs += [prop[1], prop[3]]
        elif prop[0] == "thrust_machine":
            xs += [prop[1] - 34, prop[3] + 30]
    return min(xs), max(xs)


def render(pose, title, shift):
    fig = Figure(pose)
    ground = pose.get("ground", FLOOR)
    cv = Canvas(pose.get("flip", False), shift, ground)
    props = pose.get("props", [])
    # background and floor
    cv.items.append('<rect width="%d" height="%d" fill="#fff"/>' % (W, H))
    cv.items.append('<rect y="%d" width="%d" height="%d" fill="%s"/>'
                    % (ground, W, H - ground, COLOR["floor"]))
    cv.items.append('<line x1="0" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>'
                    % (ground, W, ground, COLOR["floorline"]))

    def layer(name):
        for prop in props:
            draw_prop(cv, fig, prop, name)

    layer("back")
    draw_body(cv, fig, layer)
    layer("front")
    body = "\n".join(cv.items)
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">\n'
            '<title>%s</title>\n'
            '<g stroke-linecap="round" stroke-linejoin="round">\n%s\n</g>\n</svg>\n'
            % (W, H, W, H, xml_escape(title), body))


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- front matter
def read_alts(slug):
    """alt text of the start and end media entries of the exercise, for <title>."""
    path = os.path.join(EXERCISES, slug, "index.md")
    if not os.path.exists(path):
        path = os.path.join(EXERCISES, slug + ".md")
    alts, title = {}, slug
    if not os.path.exists(path):
        return title, alts
    text = open(path, encoding="utf-8").read()
    fm = text.split("\n---", 1)[0]
    m = re.search(r"^title:\s*(.+)$", fm, re.M)
    if m:
        title = m.group(1).strip()
    for src, alt in re.findall(r"^\s*- src:\s*(\S+)\s*\n\s+alt:\s*(.+)$", fm, re.M):
        alts[src] = alt.strip().strip('"')
    return title, alts


def main(argv):
    sys.path.insert(0, HERE)
    from poses import POSES   # the pose table, docs/figures/poses.py
    sheet = None
    if "--sheet" in argv:
        i = argv.index("--sheet")
        sheet = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    slugs = argv or sorted(POSES)
    for slug in slugs:
        if slug not in POSES:
            sys.exit("no pose for %s" % slug)
        pair = POSES[slug]
        title, alts = read_alts(slug)
        # one horizontal shift for both images, so the pair lines up
        lo, hi = 1e9, -1e9
        for key in ("start", "end"):
            a, b = bbox_x(Figure(pair[key]), pair[key].get("props", []))
            lo, hi = min(lo, a), max(hi, b)
        shift = -(lo + hi) / 2
        outdir = os.path.join(EXERCISES, slug)
        os.makedirs(outdir, exist_ok=True)
        for key in ("start", "end"):
            name = key + ".svg"
            svg = render(pair[key], alts.get(name, "%s: %s position" % (title, key)), shift)
            with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
                f.write(svg)
    if sheet:
        rows = []
        for slug in slugs:
            rows.append('<div class="r"><b>%s</b><img src="%s/%s/start.svg" width="160">'
                        '<img src="%s/%s/end.svg" width="160"></div>'
                        % (slug, EXERCISES, slug, EXERCISES, slug))
        with open(sheet, "w", encoding="utf-8") as f:
            f.write('<!doctype html><meta charset="utf-8"><style>body{margin:4px;font:10px sans-serif;'
                    'display:flex;flex-wrap:wrap;gap:4px}.r{width:330px}.r b{display:block}'
                    'img{border:1px solid #ddd;margin-right:2px}</style>%s' % "".join(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
