// Transfer settings of the server's jobs: chunks moved at once and a bandwidth cap, as the CLI's
// --transfers and --bwlimit. GET/PUT /api/settings/transfers; a change applies to jobs and downloads
// started afterwards and is kept in the index for the next `dos web`.
import { api, report } from './api.js';
import { $, bytes } from './util.js';

function show(s) {
  $('transfers-count').value = s.transfers;
  $('transfers-bwlimit').value = s.bwlimit_bytes_per_second ? String(s.bwlimit_bytes_per_second) : '';
  $('transfers-status').textContent = `${s.transfers} at once, `
    + (s.bwlimit_bytes_per_second ? bytes(s.bwlimit_bytes_per_second) + '/s cap' : 'no bandwidth cap');
}

export async function loadTransferSettings() {
  show(await api('/api/settings/transfers'));
}

export function initTransferSettings() {
  $('transfer-settings').addEventListener('submit', async (e) => {
    e.preventDefault();
    const rate = $('transfers-bwlimit').value.trim();
    try {
      show(await api('/api/settings/transfers', {
        method: 'PUT',
        json: { transfers: Number($('transfers-count').value), bwlimit: rate === '' ? '0' : rate },
      }));
    } catch (error) {
      report(error);
    }
  });
  loadTransferSettings().catch(report);
}
