namespace CallCenterRecognition.Packets;

/// <summary>The drawn document lacks a photo's stand-in, so its bytes have nowhere to go.</summary>
internal sealed class StandInsNotDrawnException : Exception
{
    public StandInsNotDrawnException()
        : base("A photo's stand-in was not found in the drawn pages.")
    {
    }
}
