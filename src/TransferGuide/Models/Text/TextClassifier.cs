using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TransferGuide.Models.Text;

/// <summary>
/// A pretrained text encoder with a pooling step and a new linear head: the text counterpart of a zoo network, so the
/// same <c>Learner</c> trains it. Its input is either token ids [N, L] (int64, padded with id 0 = [PAD], which the
/// attention mask leaves out), or cached hidden states [N, L, H + 1] (float): the output of the lower
/// <see cref="CachedLayers"/> layers with the attention mask as the last channel, so that frozen lower layers run
/// once per text instead of once per epoch.
/// </summary>
/// <remarks>
/// Layer groups (for freezing and discriminative rates): the embeddings with every layer below the top four, then
/// the top four layers one group each, then the head. <c>UnfreezeTop(k + 1)</c> trains the top k layers and the head.
/// </remarks>
public sealed class TextClassifier : ZooModel
{
#pragma warning disable IDE1006 // TorchSharp names parameters after these fields
    readonly BertEncoder encoder;
    readonly Dropout head_dropout;
    readonly Linear classifier;
#pragma warning restore IDE1006
    const long PadId = 0;

    /// <summary>A classifier over <paramref name="encoder"/> with a new head for <paramref name="numClasses"/> classes.</summary>
    public TextClassifier(BertEncoder encoder, int numClasses, TextModelSettings settings) : base(nameof(TextClassifier))
    {
        if (encoder.Config.Layers < GroupCount - 2)
            throw new ArgumentException($"The encoder needs at least {GroupCount - 2} layers for the layer groups; it has {encoder.Config.Layers}.", nameof(encoder));
        this.encoder = encoder;
        Settings = settings;
        NumClasses = numClasses;
        head_dropout = Dropout(settings.Dropout);
        classifier = Linear(encoder.Config.Hidden, numClasses);
        RegisterComponents();
    }

    /// <summary>The pretrained classifier for <paramref name="settings"/> (or an untrained one, to load a checkpoint into).</summary>
    public static TextClassifier Create(TextModelSettings settings, int numClasses, bool pretrained = true)
    {
        if (settings.Encoder != MiniLm.Id)
            throw new ArgumentException($"Unknown text encoder '{settings.Encoder}'; the kit has {MiniLm.Id} (all-MiniLM-L6-v2).", nameof(settings));
        var encoder = pretrained ? MiniLm.Create(settings.Dropout) : MiniLm.CreateUntrained(settings.Dropout);
        return new TextClassifier(encoder, numClasses, settings);
    }

    /// <summary>Encoder, tokenizer and pooling.</summary>
    public TextModelSettings Settings { get; }

    /// <summary>The encoder.</summary>
    public BertEncoder Encoder => encoder;

    /// <summary>How many lower layers float inputs have already been through (0: float inputs are embeddings).</summary>
    public int CachedLayers { get; set; }

    /// <inheritdoc />
    public override int FeatureSize => encoder.Config.Hidden;

    /// <inheritdoc />
    public override int NumClasses { get; }

    /// <inheritdoc />
    public override Module Classifier => classifier;

    /// <inheritdoc />
    public override Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (hidden, mask) = TokenStates(x);
        return Pool(hidden, mask, Settings.Pooling).MoveToOuterDisposeScope();
    }

    /// <summary>The last layer's token vectors [N, L, H] and the attention mask [N, L] of an input batch.</summary>
    public (Tensor Hidden, Tensor Mask) TokenStates(Tensor x)
    {
        if (x.dtype == ScalarType.Int64)
        {
            var mask = x.ne(PadId).to_type(ScalarType.Float32);
            return (encoder.Encode(encoder.Embed(x), mask, 0, encoder.Config.Layers), mask);
        }
        var (hidden, m) = SplitCached(x);
        return (encoder.Encode(hidden, m, CachedLayers, encoder.Config.Layers), m);
    }

    /// <summary>The output of the lower <paramref name="layers"/> layers for token ids [N, L], packed as cached inputs [N, L, H + 1].</summary>
    public Tensor LowerLayers(Tensor ids, int layers)
    {
        using var scope = NewDisposeScope();
        var mask = ids.ne(PadId).to_type(ScalarType.Float32);
        var hidden = encoder.Encode(encoder.Embed(ids), mask, 0, layers);
        return cat([hidden, mask.unsqueeze(-1)], -1).MoveToOuterDisposeScope();
    }

    static (Tensor Hidden, Tensor Mask) SplitCached(Tensor x)
    {
        long h = x.shape[2] - 1;
        return (x.narrow(2, 0, h), x.select(2, h));
    }

    /// <summary>Sentence vectors [N, H]: the masked mean of the token vectors, or the [CLS] vector.</summary>
    public static Tensor Pool(Tensor hidden, Tensor mask, TextPooling pooling)
    {
        if (pooling == TextPooling.Cls) return hidden.select(1, 0);
        using var scope = NewDisposeScope();
        var m = mask.unsqueeze(-1);
        return hidden.mul(m).sum(1).div(m.sum(1).clamp_min(1e-9)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor Head(Tensor features) => classifier.call(head_dropout.call(features));

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, IReadOnlyList<Module> Modules)> LayerGroups()
    {
        var layers = encoder.Layers;
        int bottom = layers.Count - (GroupCount - 2);
        var groups = new List<(string, IReadOnlyList<Module>)>
        {
            (bottom == 0 ? "embeddings" : $"embeddings + layers 0-{bottom - 1}", [.. encoder.EmbeddingModules, .. layers.Take(bottom)]),
        };
        for (int i = bottom; i < layers.Count; i++) groups.Add(($"layer {i}", [layers[i]]));
        groups.Add(("head", [head_dropout, classifier]));
        return groups;
    }

    /// <inheritdoc />
    public override ZooModel NewUntrained() => new TextClassifier(MiniLm.CreateUntrained(Settings.Dropout), NumClasses, Settings);
}
