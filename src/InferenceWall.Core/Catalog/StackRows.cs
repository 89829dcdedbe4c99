using InferenceWall.Core.Input;

namespace InferenceWall.Core.Catalog;

/// <summary>Reads <c>stacks.csv</c>: inference stacks and what each does by default (compile, parallel VAE, attention kernel).</summary>
internal static class StackRows
{
    internal static readonly string[] Columns = ["id", "aliases", "name", "compiles", "parallel_vae", "attention_kernel", "notes", "source", "as_of", "quote"];

    public static IEnumerable<StackProfile> Read(CsvRowReader r, CsvTable table)
    {
        if (!r.RequireColumns(Columns))
        {
            yield break;
        }

        foreach (var row in table.Records)
        {
            if (!r.CheckWidth(row))
            {
                continue;
            }

            var id = r.RequiredText(row, "id");
            var compiles = r.Boolean(row, "compiles", required: true);
            var parallelVae = r.Boolean(row, "parallel_vae", required: true);
            var kernel = r.RequiredText(row, "attention_kernel");
            if (kernel is not null && !Words.AttentionKernel.TryParse(kernel, out _))
            {
                r.Error(row, "attention_kernel", $"'{kernel}' is not an attention kernel; write one of {Words.AttentionKernel.Allowed}");
                kernel = null;
            }

            var provenance = CatalogParser.ReadProvenance(r, row);
            if (id is null || compiles is null || parallelVae is null || kernel is null || provenance is null)
            {
                continue;
            }

            yield return new StackProfile
            {
                Id = id,
                Aliases = CatalogParser.Aliases(r.Text(row, "aliases")),
                Name = r.Text(row, "name"),
                Compiles = compiles.Value,
                ParallelVae = parallelVae.Value,
                AttentionKernel = kernel,
                Notes = r.Text(row, "notes"),
                Provenance = provenance,
            };
        }
    }
}
