"""Start and end pose of every exercise, read by draw.py.

Units and angles (see README.md): x to the right, y up from the floor, about 200
units for a standing body. An angle is the direction of a segment in degrees:
0 = to the right, 90 = straight up, -90 (or 270) = straight down, 180 = to the
left. Figures face right unless the pose says flip=True (then the finished
drawing is mirrored).
"""

A = 10.5      # ankle height when the foot is flat on the floor
STAND = 107.5  # hip height when standing straight (thigh 49 + shin 48 + A)


def standing(x=0, **kw):
    """Standing tall, arms by the sides."""
    pose = dict(hip=(x, STAND), torso=90,
                near_leg=dict(to=(x + 1, A)), far_leg=dict(to=(x + 1, A)),
                near_arm=[-92, -88], far_arm=[-88, -86])
    pose.update(kw)
    return pose


def supine(x=0, **kw):
    """Lying face up, head to the left (hip at x)."""
    pose = dict(hip=(x, 12), torso=180, neck=180,
                near_arm=[-4, 0], far_arm=[-4, 0],
                props=[("mat", x - 95, x + 110)])
    pose.update(kw)
    return pose


def bridge_top(shoulder_x, ankle, **kw):
    """Shoulders on the floor, hips up so shoulders, hips and knees line up."""
    pose = dict(shoulder=(shoulder_x, 12), torso="bridge", neck=180,
                near_leg=dict(to=ankle), far_leg=dict(to=ankle),
                near_arm=[-6, 0], far_arm=[-6, 0],
                props=[("mat", shoulder_x - 37, shoulder_x + 168)])
    pose.update(kw)
    return pose


# ------------------------------------------------------------ bridges
FEET = (62, A)            # bridge feet: heels a hand's length from the buttocks

glute_bridge = {
    "start": supine(0, near_leg=dict(to=FEET), far_leg=dict(to=FEET)),
    "end": bridge_top(-58, FEET),
}

banded_glute_bridge = {
    "start": supine(0, near_leg=dict(to=FEET), far_leg=dict(to=FEET),
                    props=[("mat", -95, 110), ("miniband", "thigh", 0.82)]),
    "end": bridge_top(-58, FEET, props=[("mat", -95, 110), ("miniband", "thigh", 0.82)]),
}

single_leg_glute_bridge = {
    # near leg straight out, thighs level; far foot planted
    "start": supine(0, far_leg=dict(to=FEET), near_leg=[54, 54]),
    "end": bridge_top(-58, FEET, near_leg=dict(a="line", foot=(110, 1.0))),
}

WALL_X = 78
WALL_FOOT = (WALL_X - 11, 44)   # sole flat on the wall
wall_single_leg_glute_bridge = {
    "start": supine(0, near_leg=dict(to=WALL_FOOT, foot=90),
                    far_leg=[112, 20],
                    props=[("mat", -95, WALL_X), ("wall", WALL_X)]),
    "end": dict(bridge_top(-58, WALL_FOOT), 
                near_leg=dict(to=WALL_FOOT, foot=90),
                props=[("mat", -95, WALL_X), ("wall", WALL_X)]),
}

BENCH = ("bench", -104, -48, 47)
hip_thrust = {
    "start": dict(hip=(0, 12), torso=148, neck=160,
                  near_leg=dict(to=(60, A)), far_leg=dict(to=(60, A)),
                  near_arm=[(160, 0.5), (185, 0.5)], far_arm=[(160, 0.5), (185, 0.5)],
                  props=[BENCH]),
    "end": dict(shoulder=(-46, 57), torso="bridge", neck=178,
                near_leg=dict(to=(60, A)), far_leg=dict(to=(60, A)),
                near_arm=[(180, 0.5), (178, 0.5)], far_arm=[(180, 0.5), (178, 0.5)],
                props=[BENCH]),
}

machine_hip_thrust = {
    "start": dict(hip=(0, 26), torso=158, neck=170,
                  near_leg=dict(to=(62, A + 6)), far_leg=dict(to=(62, A + 6)),
                  near_arm=[-40, -20], far_arm=[-40, -20],
                  props=[("thrust_machine", -50, 48, 62), ("hip_pad", (-80, 34))]),
    "end": dict(shoulder=(-46, 56), torso="bridge", neck=175,
                near_leg=dict(to=(62, A + 6)), far_leg=dict(to=(62, A + 6)),
                near_arm=[-10, -20], far_arm=[-10, -20],
                props=[("thrust_machine", -50, 48, 62), ("hip_pad", (-80, 34))]),
}

# ------------------------------------------------------------ hinges
romanian_deadlift = {
    "start": standing(0, near_arm=[-84, -86], far_arm=[-84, -86],
                      props=[("dumbbell", "near_hand")]),
    "end": dict(hip=(-38, 93), torso=18, near_leg=dict(to=(1, A)), far_leg=dict(to=(1, A)),
                near_arm=[-90, -90], far_arm=[-90, -90],
                props=[("dumbbell", "near_hand")]),
}

banded_hip_hinge = {
    "start": standing(0, near_arm=[-86, -84], far_arm=[-86, -84],
                      props=[("band", (6, 2), "near_hand")]),
    "end": dict(hip=(-32, 97), torso=35, near_leg=dict(to=(1, A)), far_leg=dict(to=(1, A)),
                near_arm=[-92, -90], far_arm=[-92, -90],
                props=[("band", (6, 2), "near_hand")]),
}

single_leg_romanian_deadlift = {
    "start": standing(0, near_leg=[-95, -110], near_arm=[-88, -88], far_arm=[-92, -90],
                      props=[("dumbbell", "near_hand")]),
    "end": dict(hip=(-26, 99), torso=22, far_leg=dict(to=(1, A)),
                near_leg=[202, 202], near_arm=[-90, -90], far_arm=[-88, -88],
                props=[("dumbbell", "near_hand")]),
}

# ------------------------------------------------------------ squats, lunges, steps
bodyweight_squat = {
    "start": standing(0),
    "end": dict(hip=(-36, 62), torso=55, near_leg=dict(to=(1, A)), far_leg=dict(to=(1, A)),
                near_arm=[2, 0], far_arm=[4, 2]),
}

band_squat = {
    "start": standing(0, props=[("miniband", "shin", 0.45)]),
    "end": dict(bodyweight_squat["end"], props=[("miniband", "shin", 0.45)]),
}

reverse_lunge = {
    "start": standing(0),
    # front (far) foot stays, near leg steps back, back knee just above the floor
    "end": dict(hip=(-22, 64), torso=90, far_leg=dict(to=(26, A)),
                near_leg=dict(pts=[(-24, 15), (-70, 19)], foot=-48),
                near_arm=[-95, -85], far_arm=[-88, -80]),
}

band_front_step = {
    "start": standing(0, hip=(0, STAND - 4), near_leg=dict(to=(3, A)), far_leg=dict(to=(3, A)),
                      props=[("miniband", "shin", 0.45)]),
    "end": dict(hip=(10, STAND - 6), torso=90,
                near_leg=dict(to=(42, A)), far_leg=dict(to=(-16, A), foot=(12, 1.0)),
                near_arm=[-100, -95], far_arm=[-78, -70],
                props=[("miniband", "shin", 0.45)]),
}


def front_stand(hip_y, feet, arms="hips", **kw):
    """Standing with knees bent a little, seen from the front, hands on the hips:
    feet = (left x, right x) of the ankles. The knees point out over the feet,
    and the thighs look shorter because they come toward the viewer."""
    pose = dict(view="front", hip=(0, hip_y), torso=90, accent=None, torso_w=28,
                far_leg=dict(side=-9, to=(feet[0], A), foot=(180, 0.45), shade="near",
                             scale=0.9, bend=-1),
                near_leg=dict(side=9, to=(feet[1], A), foot=(0, 0.45), scale=0.9, bend=1),
                order=["far_leg", "near_leg", "trunk", "far_arm", "near_arm", "mid"])
    if arms == "hips":
        pose["far_arm"] = dict(side=-19, a=[225, -60], shade="near")
        pose["near_arm"] = dict(side=19, a=[-45, 240])
    pose.update(kw)
    return pose


banded_lateral_walk = {
    "start": front_stand(STAND - 13, (-14, 14), props=[("miniband", "thigh", 0.85)]),
    "end": front_stand(STAND - 16, (-16, 46), props=[("miniband", "thigh", 0.85)]),
}

band_side_step = {
    "start": front_stand(STAND - 19, (-16, 16), props=[("miniband", "shin", 0.5)]),
    "end": front_stand(STAND - 21, (-16, 48), props=[("miniband", "shin", 0.5)]),
}

# ------------------------------------------------------------ side-lying (seen from the front)


def side_lying(**kw):
    """Lying on the left side seen from the front and a little above (the floor
    line is higher, and what is nearer the viewer is lower in the picture; the
    mat reaches down to y=-30). Head to the left on the lower arm, hips stacked;
    the top limbs are the near (dark) ones, the top hand rests on the hip."""
    pose = dict(view="front", ground=246, hip=(0, 16), torso=180, neck=172, torso_w=27,
                accent="side", accent_side=12,
                far_arm=dict(side=-8, a=[172, 30]),
                near_arm=dict(side=9, a=[10, -12]),
                props=[("mat", -125, 115, -30, 16)],
                order=["far_arm", "far_leg", "trunk", "mid", "near_leg", "near_arm"])
    pose.update(kw)
    return pose


# clamshell: hips bent about 45 degrees, knees about 90, feet together behind
CLAM_BOTTOM = dict(side=-7, pts=[(32, -22), (68, 2)], foot=(-40, 0.6))
CLAM_TOP_CLOSED = dict(side=7, pts=[(34, -8), (69, 12)], foot=(-40, 0.6))
CLAM_TOP_OPEN = dict(side=7, pts=[(28, 40), (69, 12)], foot=(-40, 0.6))

clamshell = {
    "start": side_lying(far_leg=CLAM_BOTTOM, near_leg=CLAM_TOP_CLOSED),
    "end": side_lying(far_leg=CLAM_BOTTOM, near_leg=CLAM_TOP_OPEN),
}

banded_clamshell = {
    "start": side_lying(far_leg=CLAM_BOTTOM, near_leg=CLAM_TOP_CLOSED,
                        props=[("mat", -125, 115, -30, 16), ("miniband", "thigh", 0.8)]),
    "end": side_lying(far_leg=CLAM_BOTTOM, near_leg=CLAM_TOP_OPEN,
                      props=[("mat", -125, 115, -30, 16), ("miniband", "thigh", 0.8)]),
}

side_lying_leg_raise = {
    "start": side_lying(far_leg=dict(side=-8, a=[-1, 0], foot=(-70, 0.5)),
                        near_leg=dict(side=8, a=[-3, -2], foot=(-70, 0.5))),
    "end": side_lying(far_leg=dict(side=-8, a=[-1, 0], foot=(-70, 0.5)),
                      near_leg=dict(side=8, a=[30, 30], foot=(-50, 0.5))),
}

# modified side plank on the lower forearm and knees, hips lifted; the lower
# forearm points at the viewer, the shins go back behind the thighs
PLANK_SH = (-50, 46)
_plank = dict(shoulder=PLANK_SH, torso=160, neck=164,
              far_arm=dict(side=-6, pts=[(-52, 8), (-46, -20)]),
              near_arm=dict(side=6, a=[40, -60]),
              far_leg=dict(side=-7, pts=[(50, 2), (80, 16)], foot=(20, 0.5)))
side_plank_with_clamshell = {
    "start": side_lying(**_plank, near_leg=dict(side=7, pts=[(52, 14), (82, 24)], foot=(20, 0.5))),
    "end": side_lying(**_plank, near_leg=dict(side=7, pts=[(42, 50), (82, 24)], foot=(20, 0.5))),
}
for _p in side_plank_with_clamshell.values():
    del _p["hip"]

# ------------------------------------------------------------ floor holds
bird_dog = {
    "start": dict(hip=(-32, 57), torso=6, neck=2,
                  near_leg=[-90, 180], far_leg=[-90, 180],
                  near_arm=dict(to=(26, 5)), far_arm=dict(to=(28, 5)),
                  props=[("mat", -100, 60)]),
    "end": dict(hip=(-32, 57), torso=6, neck=4,
                far_leg=[-90, 180], near_leg=[180, 182], far_arm=[8, 10],
                near_arm=dict(to=(26, 5)),
                order=["far_leg", "far_arm", "trunk", "near_leg", "near_arm"],
                props=[("mat", -100, 60)]),
}

plank = {
    "start": dict(hip=(-20, 13), torso=26, neck=22,
                  near_leg=[180, 180], far_leg=[180, 180],
                  near_arm=[-90, 0], far_arm=[-92, 0],
                  props=[("mat", -130, 90)]),
    "end": dict(shoulder=(32, 41), torso=11.5, neck=9,
                near_leg=[191.5, 191.5], far_leg=[191.5, 191.5],
                near_arm=[-90, 0], far_arm=[-92, 0],
                props=[("mat", -130, 90)]),
}

prone_frogger = {
    "start": dict(hip=(-10, 13), torso=0, neck=8,
                  near_leg=[180, 90], far_leg=[180, 92],
                  near_arm=[(-10, 0.7), 168], far_arm=[(-12, 0.7), 166],
                  props=[("mat", -80, 110)]),
    "end": dict(hip=(-10, 13), torso=0, neck=8,
                near_leg=[166, 80], far_leg=[166, 82],
                near_arm=[(-10, 0.7), 168], far_arm=[(-12, 0.7), 166],
                props=[("mat", -80, 110)]),
}

resistance_band_kickback = {
    "start": dict(hip=(0, STAND), torso=86,
                  far_leg=dict(to=(1, A)), near_leg=[-15, -105],
                  near_arm=dict(to=(52, 120)), far_arm=dict(to=(52, 124)),
                  order=["far_leg", "far_arm", "trunk", "mid", "near_leg", "near_arm"],
                  props=[("rack", 58, 205, -60), ("loop", (38, 205), "near_foot", "mid")]),
    "end": dict(hip=(0, STAND), torso=84,
                far_leg=dict(to=(1, A)), near_leg=[-104, -108],
                near_arm=dict(to=(52, 120)), far_arm=dict(to=(52, 124)),
                order=["far_leg", "far_arm", "trunk", "mid", "near_leg", "near_arm"],
                props=[("rack", 58, 205, -60), ("loop", (38, 205), "near_foot", "mid")]),
}

# ------------------------------------------------------------ stretches and release
knee_to_chest_stretch = {
    "start": supine(0, near_leg=[0, 0], far_leg=[0, 0]),
    "end": supine(0, near_leg=[128, -12], far_leg=[0, 0],
                  near_arm=dict(to=(-20, 48)), far_arm=dict(to=(-18, 44))),
}

# the two figure-four stretches are seen from a little above, like the side-lying
# exercises, so that the knee turned out toward the viewer sits lower in the picture
PIRI_MAT = [("mat", -95, 110, -30, 16)]
piriformis_stretch = {
    # near ankle crossed over the far thigh, near knee turned out toward the viewer
    "start": supine(0, ground=246, far_leg=dict(to=FEET), props=PIRI_MAT,
                    near_arm=dict(pts=[(-44, -8), (-16, -22)]),
                    near_leg=dict(pts=[(38, -4), (28, 44)], foot=(100, 0.8))),
    "end": supine(0, ground=246, far_leg=[115, 25], props=PIRI_MAT,
                  near_leg=dict(pts=[(18, 2), (-12, 52)], foot=(140, 0.8)),
                  near_arm=dict(to=(-16, 40)), far_arm=dict(to=(-14, 38))),
}

# seated, seen from the front and a little above: the legs come toward the viewer
# (lower in the picture); the crossed shin lies across the supporting knee
_seated = dict(view="front", ground=200, hip=(0, 22), torso=90, neck=90, torso_w=28,
               accent=None, props=[("mat", -90, 90, -60, 20)],
               far_arm=dict(side=-19, to=(-40, 20), bend=1, shade="near"),
               near_arm=dict(side=19, to=(40, 20)),
               order=["far_arm", "near_arm", "far_leg", "trunk", "near_leg"])
seated_glute_stretch = {
    "start": dict(_seated,
                  far_leg=dict(side=-9, pts=[(-12, -8), (-14, -40)], foot=(90, 0.55), shade="near"),
                  near_leg=dict(side=9, pts=[(12, -8), (14, -40)], foot=(90, 0.55))),
    "end": dict(_seated,
                far_leg=dict(side=-9, pts=[(-13, -2), (-16, -38)], foot=(90, 0.55)),
                near_leg=dict(side=9, pts=[(44, 0), (-10, 2)], foot=(180, 0.6)),
                near_arm=dict(side=19, to=(40, 6)),
                order=["far_arm", "far_leg", "trunk", "near_leg", "near_arm"]),
}

glute_foam_rolling = {
    "start": dict(hip=(4, 31), torso=132, neck=118,
                  near_leg=dict(to=(72, A)), far_leg=dict(to=(72, A)),
                  near_arm=dict(to=(-62, 4)), far_arm=dict(to=(-60, 4)),
                  props=[("roller", 0)]),
    "end": dict(hip=(16, 31), torso=136, neck=120,
                near_leg=dict(to=(72, A)), far_leg=dict(to=(72, A)),
                near_arm=dict(to=(-52, 4)), far_arm=dict(to=(-50, 4)),
                props=[("roller", 0)]),
}

tennis_ball_glute_release = {
    "start": dict(hip=(4, 22), torso=124, neck=112,
                  near_leg=dict(to=(66, A)), far_leg=dict(to=(66, A)),
                  near_arm=dict(to=(-55, 4)), far_arm=dict(to=(-53, 4)),
                  props=[("ball", 0, 0, "front"), ("mat", -90, 110)]),
    "end": dict(hip=(4, 19), torso=128, neck=114,
                near_leg=dict(to=(66, A)), far_leg=dict(to=(66, A)),
                near_arm=dict(to=(-55, 4)), far_arm=dict(to=(-53, 4)),
                props=[("ball", 0, 0, "front"), ("mat", -90, 110)]),
}

POSES = {
    "glute-bridge": glute_bridge,
    "banded-glute-bridge": banded_glute_bridge,
    "single-leg-glute-bridge": single_leg_glute_bridge,
    "wall-single-leg-glute-bridge": wall_single_leg_glute_bridge,
    "hip-thrust": hip_thrust,
    "machine-hip-thrust": machine_hip_thrust,
    "romanian-deadlift": romanian_deadlift,
    "banded-hip-hinge": banded_hip_hinge,
    "single-leg-romanian-deadlift": single_leg_romanian_deadlift,
    "bodyweight-squat": bodyweight_squat,
    "band-squat": band_squat,
    "reverse-lunge": reverse_lunge,
    "band-front-step": band_front_step,
    "banded-lateral-walk": banded_lateral_walk,
    "band-side-step": band_side_step,
    "clamshell": clamshell,
    "banded-clamshell": banded_clamshell,
    "side-lying-leg-raise": side_lying_leg_raise,
    "side-plank-with-clamshell": side_plank_with_clamshell,
    "bird-dog": bird_dog,
    "plank": plank,
    "prone-frogger": prone_frogger,
    "resistance-band-kickback": resistance_band_kickback,
    "knee-to-chest-stretch": knee_to_chest_stretch,
    "piriformis-stretch": piriformis_stretch,
    "seated-glute-stretch": seated_glute_stretch,
    "glute-foam-rolling": glute_foam_rolling,
    "tennis-ball-glute-release": tennis_ball_glute_release,
}
