using Env.Core.Diagnostics;

namespace Env.Tasks;

/// <summary>
/// An <see cref="EnvException"/> about one item, with where the item is written (<see cref="ItemLocation"/>): the task
/// base logs it at that file, line and column. Same code and message as the error it carries.
/// </summary>
internal sealed class ItemException(EnvException error, ItemLocation where)
    : EnvException(error.Code, error.Message, where.File, error)
{
    public ItemLocation Where { get; } = where;
}
