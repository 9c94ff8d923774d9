//! Every threshold the coach decides with, in one place, each with its
//! source or labelled as our convention. Research notes: `exercise-science.md`
//! (section numbers below). Where no study sets a number, the value is a safe
//! default chosen by us and the text shown to runners says so.

// ---- Effort -----------------------------------------------------------------

/// Highest RPE (1-10) that still counts as comfortable. Our convention: RPE
/// 6 leaves clear reps in reserve; no study sets the line for these drills.
pub const COMFORTABLE_RPE: u8 = 6;
/// RPE from which a session counts as hard and holds the stage. Our convention.
pub const HARD_RPE: u8 = 8;

// ---- Pain (research §4.4: "the pain rule is a common clinical convention
// with no source found"; every number here is ours) ------------------------

/// Pain (0-10) after a session from which the coach steps back a stage and
/// asks about pain before the next session.
pub const STEP_BACK_PAIN: u8 = 4;
/// Pain (0-10) from which the coach advises seeing a professional at once.
pub const SEE_PROFESSIONAL_PAIN: u8 = 7;
/// Training days looked at for recurring pain.
pub const RECENT_PAIN_WINDOW: usize = 5;
/// Pain days in that window that make pain "recurring": ask before each session.
pub const RECURRING_PAIN_DAYS: usize = 2;
/// Pain days in that window that make pain "persistent": see a professional.
pub const PERSISTENT_PAIN_DAYS: usize = 3;
/// Pain-free sessions in a row that stand the pain check and the advice down.
pub const PAIN_FREE_SESSIONS_TO_CLEAR: u32 = 3;
/// Pain right now (the check-in) from which today is a rest day.
pub const PAIN_NOW_REST: u8 = 4;
/// Pain days at the lowest dose after which training pauses until a
/// check-in reports no pain.
pub const PAIN_DAYS_AT_FLOOR_TO_PAUSE: u32 = 2;

// ---- Breaks (research §6.1: up to about 2 weeks off costs little strength,
// McMaster 2013; the steps below are our convention) -----------------------

/// Days without training (rest the plan asked for not counted) that change nothing.
pub const SHORT_GAP_DAYS: i32 = 7;
/// Days without training from which the coach restarts one stage lower
/// (two stages at twice this).
pub const LONG_GAP_DAYS: i32 = 14;

// ---- Felt in the wrong place (escalation; our convention) -----------------

/// The same fault this many sessions running changes the exercise's variant
/// (or the exercise), not just the cue.
pub const FAULT_SESSIONS_TO_CHANGE: u32 = 3;
/// ...this many: suggest filming a set or the camera count.
pub const FAULT_SESSIONS_TO_FILM: u32 = 5;
/// ...this many: suggest a physiotherapist or coach who can watch.
pub const FAULT_SESSIONS_TO_CLINICIAN: u32 = 7;

// ---- Left and right (research §3: no norms for runners; ours) -------------

/// Left/right difference (percent of the better side) worth acting on.
pub const ASYMMETRY_PERCENT: u32 = 20;
/// ...and at least this many reps apart, so 4 against 5 is not a finding.
pub const ASYMMETRY_MIN_REPS: u32 = 3;
/// A difference this large earns the weaker side an extra set.
pub const EXTRA_SET_PERCENT: u32 = 30;
/// The weaker side's best set below this share of the prescribed reps means
/// the exercise is too hard for it: step to the easier exercise.
pub const REGRESS_BELOW_PERCENT: u32 = 50;
/// Sessions read for the left/right trend of an exercise.
pub const SIDE_SESSIONS: usize = 5;

// ---- Judging a session (ours) ----------------------------------------------

/// Doing more than this many times the prescribed reps of an exercise is
/// worth a word and does not count toward moving up.
pub const OVER_VOLUME_FACTOR: u32 = 2;
/// An extra exercise of a harder level that first appears this many stages
/// or more above the current one is worth a word.
pub const STAGES_AHEAD_TO_WARN: usize = 3;
/// A session without answers is asked about for this many days.
pub const UNANSWERED_LOOKBACK_DAYS: i32 = 7;

// ---- Races and runs (ours; research has no taper data for strength drills)

/// Days before a race from which the sessions are lighter (race week).
pub const RACE_WEEK_DAYS: i32 = 7;
/// The last days before a race hold at most the primer.
pub const PRE_RACE_REST_DAYS: i32 = 2;

// ---- Self-check additions (research §4.3: harder work 2-3 days a week,
// ACSM 2009) ----------------------------------------------------------------

/// Single-leg work a self-check adds at a daily stage runs at most this many
/// days in any 7, never on consecutive days.
pub const ADDED_SINGLE_LEG_DAYS_PER_WEEK: usize = 3;

/// Pain right now (0-10) from which the self-check's tests wait for another
/// day; below it they go ahead carefully. Our convention.
pub const SELF_CHECK_SKIP_PAIN: u8 = 4;
