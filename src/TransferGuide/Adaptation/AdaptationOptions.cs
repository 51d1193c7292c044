namespace TransferGuide.Adaptation;

/// <summary>
/// How every method's head is trained. The same options serve none, CORAL and DANN, so the comparison changes one
/// thing only: the method. <see cref="DannWeight"/> and <see cref="CoralRegularization"/> were chosen on a development
/// shift (flowers17 → contrast severity 3, seeds 1-3; DANN weight 0.1 of 0.1, 0.3, 1 and CORAL regularization 0.1 of
/// 0.01, 0.1, 1), never on the shifts docs/cli.md reports (fog, Gaussian noise).
/// </summary>
/// <param name="Epochs">Passes over the labelled source features.</param>
/// <param name="LearningRate">AdamW learning rate at the start; every method anneals it as DANN does, to lr/(1+10p)^0.75 at progress p.</param>
/// <param name="WeightDecay">AdamW decoupled weight decay.</param>
/// <param name="BatchSize">Source rows per step (DANN adds as many target rows).</param>
/// <param name="Bottleneck">Width of the trainable bottleneck (Linear and ReLU) between the frozen features and the label classifier.</param>
/// <param name="DomainHidden">Hidden width of DANN's domain classifier.</param>
/// <param name="DannWeight">Largest gradient-reversal weight lambda, reached at the end of DANN's ramp.</param>
/// <param name="DannGamma">Steepness of the ramp <c>2/(1+exp(-gamma·p))-1</c>.</param>
/// <param name="CoralRegularization">Diagonal loading of CORAL's covariances, relative to the mean feature variance.</param>
/// <param name="CoralAlignMeans">CORAL also moves the source mean onto the target's (the paper does not).</param>
/// <param name="Seed">Seeds the initialisation and the order of the rows.</param>
public sealed record AdaptationOptions(int Epochs = 30, double LearningRate = 1e-3, double WeightDecay = 1e-2, int BatchSize = 32,
    int Bottleneck = 256, int DomainHidden = 256, double DannWeight = 0.1, double DannGamma = 10, double CoralRegularization = 0.1,
    bool CoralAlignMeans = false, int Seed = 42)
{
    /// <summary>Fails with the option's name when a value cannot work.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must be 0 or more.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 2.");
        if (Bottleneck < 1 || DomainHidden < 1) throw new ArgumentOutOfRangeException(nameof(Bottleneck), "Layer widths must be at least 1.");
        if (!(DannWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(DannWeight), DannWeight, "The DANN weight must be 0 or more.");
        if (!(CoralRegularization >= 0)) throw new ArgumentOutOfRangeException(nameof(CoralRegularization), CoralRegularization, "CORAL's regularization must be 0 or more.");
    }
}
