namespace TransferGuide.FewShot;

/// <summary>Settings of <see cref="Reptile"/>, fixed before any test episode is drawn.</summary>
/// <param name="MetaIterations">Outer steps, one meta-training episode each.</param>
/// <param name="MetaShots">Support images per class in meta-training and meta-validation episodes.</param>
/// <param name="InnerSteps">Full-batch Adam steps on an episode's support set during meta-training.</param>
/// <param name="TestSteps">Adam steps on a test episode's support set (more than in training, as in Nichol et al.).</param>
/// <param name="InnerLearningRate">Adam's learning rate in the inner loop.</param>
/// <param name="MetaStepSize">Reptile's ε at the first outer step, decayed linearly to zero.</param>
/// <param name="AdapterWidth">Hidden width of the <see cref="ResidualAdapter"/>.</param>
/// <param name="ValidateEvery">Outer steps between meta-validation checks; the best check's weights are kept.</param>
/// <param name="ValidationEpisodes">Episodes per meta-validation check.</param>
public sealed record ReptileOptions(int MetaIterations = 1000, int MetaShots = 5, int InnerSteps = 10, int TestSteps = 30,
    double InnerLearningRate = 0.05, double MetaStepSize = 1.0, int AdapterWidth = 64, int ValidateEvery = 100, int ValidationEpisodes = 100);
