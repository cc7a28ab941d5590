import { useConfig } from '../../app/config-context';
import { Button } from '../../components/ui/Button';
import { Banner } from '../../components/ui/Feedback';

/** Banners about the file itself: outside changes waiting, duplicate keys Hermes silently resolves. */
export function ConfigStatusBanners() {
  const config = useConfig();
  const dups = config.state?.duplicates ?? [];
  return (
    <>
      {config.externalChangePending && (
        <Banner
          tone="warn"
          title="config.yaml changed outside Switchboard"
          testId="external-change-banner"
          actions={
            <>
              <Button size="sm" variant="primary" onClick={() => void config.acceptExternalChange()}>
                Reload
              </Button>
              <Button size="sm" onClick={config.dismissExternalChange}>
                Keep editing
              </Button>
            </>
          }
        >
          You have unsaved input. Reload to see the new version; saving now will be checked against it and never overwrite it silently.
        </Banner>
      )}
      {dups.length > 0 && (
        <Banner tone="warn" title="Duplicate keys in config.yaml" testId="duplicates-banner">
          {dups.map((d) => (
            <div key={`${d.path}.${d.key}`}>
              <code>{d.path ? `${d.path}.${d.key}` : d.key}</code> appears on lines {d.lines.join(', ')}; Hermes uses the last one (line {d.lines[d.lines.length - 1]}).
            </div>
          ))}
        </Banner>
      )}
    </>
  );
}
