namespace Krug.Blending.Verification;

/// <summary>The rule a plan breaks.</summary>
public enum ViolationKind
{
    /// <summary>The plan has no transfer, so there is no final blend.</summary>
    EmptyPlan,

    /// <summary>Steps are not numbered 1, 2, 3, … without gaps.</summary>
    StepNumbering,

    /// <summary>Transfers are not numbered 1, 2, 3, … across the plan in step order.</summary>
    TransferNumbering,

    /// <summary>A transfer has no source or no target.</summary>
    EmptyTransfer,

    /// <summary>A tank id that is not in the cellar.</summary>
    UnknownTank,

    /// <summary>A tank takes part twice in one step (in one transfer or in two).</summary>
    TankUsedTwiceInStep,

    /// <summary>A source tank is not full at the start of its step.</summary>
    SourceNotFull,

    /// <summary>A target tank is not empty at the start of its step, so it cannot be filled.</summary>
    TargetNotEmpty,

    /// <summary>A target's volume differs from its capacity: targets are always filled completely.</summary>
    CapacityMismatch,

    /// <summary>A volume is zero or negative.</summary>
    NonPositiveVolume,

    /// <summary>A source gives more than its capacity.</summary>
    DrawExceedsCapacity,

    /// <summary>A source gives less than its capacity while waste is not allowed.</summary>
    PartialDrawWithoutWaste,

    /// <summary>The volume drawn differs from the volume filled.</summary>
    VolumeMismatch,

    /// <summary>The plan wastes more wine than allowed.</summary>
    WasteLimitExceeded,

    /// <summary>The plan uses a tank the user excluded.</summary>
    ExcludedTankUsed,

    /// <summary>The plan touches a wine the user asked to keep.</summary>
    KeptWineTouched,

    /// <summary>The final blend is smaller than the request's smallest volume.</summary>
    VolumeBelowMinimum,

    /// <summary>The final blend is larger than the request's largest volume.</summary>
    VolumeAboveMaximum,

    /// <summary>The plan takes more steps than the request allows.</summary>
    TooManySteps,

    /// <summary>The plan has more transfers than the request allows.</summary>
    TooManyTransfers,

    /// <summary>A tank ends the plan holding a mixture that is not the final blend, and the request does not allow it.</summary>
    LeftoverBlend,

    /// <summary>The final blend breaks a share requirement of the request (e.g. at least 35 % of one variety).</summary>
    RequirementNotMet,
}

/// <summary>Which rules belong to the cellar and which to the request.</summary>
public static class ViolationKinds
{
    /// <summary>
    /// Whether <paramref name="kind"/> is a limit of the request (what the user allowed: waste,
    /// tanks, volume, steps, transfers, leftovers, share requirements) rather than a rule of the cellar. A plan that
    /// breaks only such limits still replays, so its blend and final cellar can be shown.
    /// </summary>
    public static bool IsRequestLimit(ViolationKind kind) => kind is ViolationKind.PartialDrawWithoutWaste
        or ViolationKind.WasteLimitExceeded
        or ViolationKind.ExcludedTankUsed
        or ViolationKind.KeptWineTouched
        or ViolationKind.VolumeBelowMinimum
        or ViolationKind.VolumeAboveMaximum
        or ViolationKind.TooManySteps
        or ViolationKind.TooManyTransfers
        or ViolationKind.LeftoverBlend
        or ViolationKind.RequirementNotMet;
}

/// <summary>One broken rule, located as precisely as the rule allows.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Step">Step number, when the violation belongs to a step.</param>
/// <param name="Transfer">Transfer number, when it belongs to a transfer.</param>
/// <param name="TankId">Tank, when it belongs to a tank.</param>
/// <param name="Message">A sentence a cellar master can act on.</param>
public sealed record PlanViolation(ViolationKind Kind, int? Step, int? Transfer, string? TankId, string Message);
