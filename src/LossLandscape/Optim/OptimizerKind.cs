namespace LossLandscape.Optim;

/// <summary>The update rules, as PyTorch's <c>torch.optim</c> classes of the same names.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay.</summary>
    Sgd,

    /// <summary>Adam with optional L2 weight decay and AMSGrad.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>RMSprop with optional momentum, centering and weight decay.</summary>
    RmsProp,

    /// <summary>Adagrad with optional learning-rate decay, initial accumulator and weight decay.</summary>
    Adagrad,
}

/// <summary>The learning-rate schedules, stepped once per epoch as PyTorch's <c>lr_scheduler</c> classes.</summary>
public enum ScheduleKind
{
    /// <summary>The base rate in every epoch.</summary>
    Constant,

    /// <summary>StepLR: multiplied by gamma every step-size epochs.</summary>
    Step,

    /// <summary>ExponentialLR: multiplied by gamma every epoch.</summary>
    Exponential,

    /// <summary>CosineAnnealingLR: from the base rate down to eta-min over T-max epochs along a cosine.</summary>
    Cosine,
}
