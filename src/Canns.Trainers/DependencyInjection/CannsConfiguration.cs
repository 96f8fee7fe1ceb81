using Microsoft.Extensions.Configuration;

namespace Canns.Trainers;

/// <summary>The configuration section given to <c>AddCanns(configuration)</c>; trainer options bind from <c>Trainers:{name}</c> under it.</summary>
internal sealed class CannsConfiguration(IConfiguration section)
{
    public IConfiguration Trainer(string name) => section.GetSection("Trainers").GetSection(name);
}
