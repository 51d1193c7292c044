namespace TransferGuide.FewShot;

/// <summary>Settings of <see cref="Reptile"/>, fixed before any test episode is drawn.</summary>
/// <param name="MetaIterations">Outer steps, one meta-training episode each.</param>
/// <param name="MetaShots">Support images per class in meta-training and meta-validation episodes.</param>
/// <param name="InnerSteps">Full-batch steps on an episode's support set during meta-training.</param>
/// <param name="TestSteps">Steps on a test episode's support set (more than in training, as in Nichol et al.).</param>
/// <param name="HeadLearningRate">Adam's learning rate for the zero-initialised head in the inner loop.</param>
/// <param name="AdapterLearningRate">Plain SGD's learning rate for the adapter in the inner loop (small, slow steps: Adam's
/// per-weight steps would move all 65,000 adapter weights at once and wreck the features of a 5-image support set).</param>
/// <param name="MetaStepSize">Reptile's ε at the first outer step, decayed linearly to zero.</param>
/// <param name="AdapterWidth">Hidden width of the <see cref="ResidualAdapter"/>.</param>
/// <param name="ValidateEvery">Outer steps between meta-validation checks; the best check's weights are kept.</param>
/// <param name="ValidationEpisodes">Episodes per meta-validation check.</param>
public sealed record ReptileOptions(int MetaIterations = 600, int MetaShots = 5, int InnerSteps = 10, int TestSteps = 50,
    double HeadLearningRate = 0.1, double AdapterLearningRate = 0.1, double MetaStepSize = 0.1, int AdapterWidth = 64, int ValidateEvery = 100,
    int ValidationEpisodes = 60);
