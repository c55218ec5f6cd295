import { useEffect } from 'react';
import { useMe } from '../api/me';
import { setLanguage } from '../i18n';

/** Once we know who is signed in, their saved language wins over the browser's. */
export function LocaleSync() {
  const { data: me } = useMe();
  const userId = me?.user.id;
  const locale = me?.user.locale;
  useEffect(() => {
    if (userId && locale) setLanguage(locale);
  }, [userId, locale]);
  return null;
}
