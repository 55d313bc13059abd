// Saves the notebook of the view on screen (issue #27): the compute worker builds it from
// the page's address (`genlab::notebook::run`, the job "notebook"), so it holds exactly the
// settings in the link, and this script saves it as genlab-<panel>.ipynb. Nothing is
// fetched but the worker's own files, which the service worker keeps for offline use.
// Loaded by the loader (assets/boot.js) on the first click of a [data-notebook] button.
export function save(button) {
  if (button.disabled) return;
  const label = button.textContent;
  const finish = (text) => {
    worker.terminate();
    button.disabled = false;
    button.textContent = text;
  };
  button.disabled = true;
  button.textContent = 'Preparing the notebook…';
  const worker = new Worker('./worker-boot.js');
  const parts = [];
  worker.onmessage = ({ data }) => {
    if (data === 'ready') {
      worker.postMessage(['notebook', new TextEncoder().encode(location.href)]);
    } else if (typeof data !== 'string') {
      parts.push(data);
    } else if (data !== 'done') {
      finish('No notebook: reload and try again');
    } else {
      finish(label);
      const panel = new URLSearchParams(location.search).get('panel');
      const file = new Blob(parts, { type: 'application/x-ipynb+json' });
      const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(file), download: `genlab-${panel}.ipynb` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish('No notebook: the worker could not start (offline before it was ever loaded?)');
  };
}
