using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace TransferGuide.Augment;

/// <summary>
/// The shared core of rotation, translation and scale: one affine warp about the image centre that keeps the
/// canvas size. Uncovered corners are filled black, as torchvision does.
/// </summary>
internal static class AffineWarp
{
    /// <param name="image">Warped in place.</param>
    /// <param name="degrees">Clockwise rotation (image y points down).</param>
    /// <param name="scale">Zoom: above 1 enlarges the content.</param>
    /// <param name="dx">Shift right, in pixels.</param>
    /// <param name="dy">Shift down, in pixels.</param>
    public static void Apply(Image<Rgb24> image, double degrees, double scale, double dx, double dy)
    {
        // An identity warp would still resample; skip it so "rotate by 0" is exactly the input.
        if (degrees % 360 == 0 && scale == 1 && dx == 0 && dy == 0) return;
        var centre = new Vector2((image.Width - 1) / 2f, (image.Height - 1) / 2f);
        var m = Matrix3x2.CreateScale((float)scale, centre)
              * Matrix3x2.CreateRotation((float)(degrees * Math.PI / 180), centre)
              * Matrix3x2.CreateTranslation((float)dx, (float)dy);
        var size = image.Size();
        image.Mutate(x => x.Transform(new Rectangle(Point.Empty, size), m, size, KnownResamplers.Triangle));
    }
}
